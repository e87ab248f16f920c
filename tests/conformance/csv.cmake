# CSV conformance over $RECOND_CORPUS_DIR/csv; included by tests/conformance/CMakeLists.txt.
target_sources(conformance_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/csv_conformance_test.cpp)
target_compile_definitions(conformance_tests PRIVATE
  RECOND_CSV_PROFILES="${PROJECT_SOURCE_DIR}/config/csv-profiles"
  RECOND_CSV_TEST_PROFILES="${PROJECT_SOURCE_DIR}/tests/fixtures/csv/profiles")
