# Tests of the ingest service, CSV profile lookup and upload receipts (issue 11 points 1 and 6);
# included by tests/CMakeLists.txt once server_tests and db_tests exist.
target_sources(server_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/csv_profiles_test.cpp)
target_compile_definitions(server_tests PRIVATE RECOND_CSV_PROFILES="${PROJECT_SOURCE_DIR}/config/csv-profiles")
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_profiles_api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/uploads_api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../storage/upload_store_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../cli/parse_profile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../bank_connections/pull_receipts_test.cpp
)
