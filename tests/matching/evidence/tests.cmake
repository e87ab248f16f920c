# Tests of the evidence extractors; included by tests/matching/tests.cmake into matching_tests.
target_sources(matching_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/check_digits_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/references_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document_numbers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/counterparty_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/properties_test.cpp
)
