# Tests of the ofx parser; included by tests/CMakeLists.txt into parser_tests.
target_sources(parser_tests PRIVATE
)
