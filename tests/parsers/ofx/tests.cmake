# Tests of the ofx parser; included by tests/parsers/tests.cmake into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ofx_charset_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_line_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_parser_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_repeats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_tree_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_values_test.cpp
)
