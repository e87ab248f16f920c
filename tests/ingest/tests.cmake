# Tests of src/ingest: the CSV profile lookup without a database into server_tests; named
# profiles and upload receipts through the real recond into db_tests. Included by
# tests/CMakeLists.txt.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_profiles_test.cpp
)
recond_link_modules(server_tests ingest)
target_compile_definitions(server_tests PRIVATE RECOND_CSV_PROFILES="${PROJECT_SOURCE_DIR}/config/csv-profiles")
target_sources(db_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_profiles_api_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/uploads_api_test.cpp
)
