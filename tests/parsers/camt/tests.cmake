# Tests of the camt parser; included by tests/parsers/tests.cmake into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/camt_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_versions_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_entries_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_balances_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_repeats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_line_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xml_reader_test.cpp
)
