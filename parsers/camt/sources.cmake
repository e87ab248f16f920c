# Sources of the camt parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/xml_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_parser.cpp
)
