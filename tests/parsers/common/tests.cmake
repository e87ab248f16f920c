# Tests of the helpers all parsers share (parsers/common/); included by tests/parsers/tests.cmake
# into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/exchange_rate_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_details_box_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/single_byte_test.cpp
)
