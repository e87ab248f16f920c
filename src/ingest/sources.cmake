# Sources of the ingest service (one way in for uploads and pulls, CSV profile lookup);
# included by src/CMakeLists.txt.
target_sources(recon_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_profiles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ingest_service.cpp
)
target_link_libraries(recon_server PUBLIC recon_shipped_csv_profiles)
