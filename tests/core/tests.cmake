# Tests of core (include/recon, src/core); included by tests/CMakeLists.txt into core_tests.
target_sources(core_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ascii_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/date_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/digest_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hex_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/match_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/money_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/payer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/timestamp_test.cpp
)
recond_link_modules(core_tests core)
