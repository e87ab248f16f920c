# Sources of the bank-connection part of the daemon; included by src/CMakeLists.txt.
target_sources(recon_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/background.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connection_handlers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connection_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connection_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connection_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cron.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pull_ingest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../security/secret_box.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../security/secret_keys.cpp
)
