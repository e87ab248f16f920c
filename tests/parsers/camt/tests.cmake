# Tests of the camt parser; included by tests/CMakeLists.txt into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/camt_test.cpp
)
