# Sources of the ZIP archive reader; included by parsers/CMakeLists.txt. The container
# is libzip's (PkgConfig::LIBZIP); the limits against decompression bombs are ours.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/zip_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zip_parser.cpp
)
