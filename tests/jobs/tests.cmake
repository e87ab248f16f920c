# Tests of src/jobs against the test PostgreSQL (the runner called directly, and queued runs in
# the real recond); included by tests/CMakeLists.txt into db_tests.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/job_runner_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jobs_test.cpp
)
recond_link_modules(db_tests jobs)
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/job_status_test.cpp
)
recond_link_modules(server_tests jobs)
