# Tests of the camt parser; included by tests/CMakeLists.txt into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/camt_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_versions_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_entries_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_balances_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_repeats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_line_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xml_reader_test.cpp
  # The helpers all parsers share (parsers/common/), listed here for the same reason.
  ${CMAKE_CURRENT_LIST_DIR}/../common/exchange_rate_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../common/line_details_box_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../common/single_byte_test.cpp
)
