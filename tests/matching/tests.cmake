# Tests of the matcher; included by tests/CMakeLists.txt into matching_tests.
target_sources(matching_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/engine_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manual_match_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/many_to_many_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rule_set_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settle_invariants_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/subset_sum_test.cpp
)
recond_link_modules(matching_tests matching)
# The default rule set in config/, which the tests load as the daemon does.
target_compile_definitions(matching_tests PRIVATE RECOND_CONFIG_DIR="${PROJECT_SOURCE_DIR}/config")
include(${CMAKE_CURRENT_LIST_DIR}/evidence/tests.cmake)
