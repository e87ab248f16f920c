# The black-box harness of db_tests (the real recond started on the test PostgreSQL, HTTP and SQL
# helpers, the invariant checks) and the suites about the whole system: crash safety and
# exactly-once under concurrency. Included by tests/CMakeLists.txt into db_tests.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/concurrency_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/crash_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/invariants.cpp
  ${CMAKE_CURRENT_LIST_DIR}/invariants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_env.cpp
)
target_link_libraries(db_tests PRIVATE PostgreSQL::PostgreSQL Boost::headers nlohmann_json::nlohmann_json)
