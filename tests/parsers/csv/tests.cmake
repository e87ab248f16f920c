# Tests of the csv parser; included by tests/CMakeLists.txt into parser_tests.
target_sources(parser_tests PRIVATE
)
