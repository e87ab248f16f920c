# Tests of the mt940 parser; included by tests/parsers/tests.cmake into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/charset_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fields_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mt940_parser_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repeats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenario_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/statement_line_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenizer_test.cpp
)
