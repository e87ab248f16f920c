# Tests of the ZIP reader; included by tests/parsers/tests.cmake into parser_tests. The tests
# write their archives with zlib (zip_writer.hpp), broken and hostile ones included.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/zip_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zip_limits_test.cpp
)
target_link_libraries(parser_tests PRIVATE ZLIB::ZLIB)
