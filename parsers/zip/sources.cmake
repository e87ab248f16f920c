# Sources of the ZIP archive reader; included from parsers/camt/sources.cmake until
# parsers/CMakeLists.txt includes it beside the formats. zlib is linked into
# recon_parsers already.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/zip_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zip_parser.cpp
)
