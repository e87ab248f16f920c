# Sources of the bank-connection part of the daemon; included by src/CMakeLists.txt.
target_sources(recon_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/routes.cpp
)
