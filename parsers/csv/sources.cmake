# Sources of the csv parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/csv_parser.cpp
)
