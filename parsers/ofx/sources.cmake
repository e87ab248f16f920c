# Sources of the ofx parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ofx_parser.cpp
)
