# Limits and hardening of issue 11 (points 7, 11, 12): JSON bodies, connections, the handler
# queue, rate limits, database timeouts, the lines' search index, secrets in logs.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_limits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_limits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/db_timeouts_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/secrets_in_logs_test.cpp)
