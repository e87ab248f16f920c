# Tests of the csv parser; included by tests/parsers/tests.cmake into parser_tests.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_auto_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_line_details_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_parser_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_profile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_repeats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_values_test.cpp
)
# The shipped profiles, which the tests load the way the daemon does.
target_compile_definitions(parser_tests PRIVATE RECOND_CSV_PROFILES="${PROJECT_SOURCE_DIR}/config/csv-profiles")
