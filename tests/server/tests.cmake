# Tests of src/server; included by tests/CMakeLists.txt. Pure ones into server_tests; the limits
# and the log of the real recond over HTTP into db_tests.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/problem_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limiter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/redact_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router_test.cpp
)
recond_link_modules(server_tests server)
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_limits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/secrets_in_logs_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_limits_test.cpp
)
