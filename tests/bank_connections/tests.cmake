# Tests of src/bank_connections (issue 6): the real recond against the mock bank, and the cron
# schedules; included by tests/CMakeLists.txt into db_tests.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bank_access_api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connection_security_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connections_api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cron_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pull_command_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pull_receipts_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scheduler_test.cpp
)
recond_link_modules(db_tests bank_connections)
target_link_libraries(db_tests PRIVATE recon_mock_bank)
