# Tests of the evidence extractors; included by tests/CMakeLists.txt into matching_tests.
target_sources(matching_tests PRIVATE
)
