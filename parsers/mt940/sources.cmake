# Sources of the mt940 parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mt940_parser.cpp
)
