# Tests of src/storage against the test PostgreSQL; included by tests/CMakeLists.txt into db_tests.
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/db_timeouts_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/match_commit_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/migrations_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/upload_store_test.cpp
)
recond_link_modules(db_tests storage)
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/row_mapping_test.cpp
)
recond_link_modules(server_tests storage)
