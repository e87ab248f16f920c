# Crash, concurrency and invariant suites (issue 5), compiled into db_tests.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/invariants.cpp
  ${CMAKE_CURRENT_LIST_DIR}/invariants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/concurrency_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/open_item_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jobs_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/list_filters_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/review_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/crash_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../storage/match_store_commit_test.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/../bank_connections/tests.cmake)
# Issue 11, points 3 to 5: manual matches, Idempotency-Keys after a crash, job retries.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/manual_match_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/idempotency_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../jobs/job_runner_test.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/limits_tests.cmake)
