# Tests of the recond binary at a terminal: usage and exit statuses into cli_tests; `recond parse
# --profile` into db_tests. Included by tests/CMakeLists.txt.
target_sources(cli_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/help_test.cpp
)
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/parse_profile_test.cpp
)
