# Sources of the mt940 parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/charset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/details.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fields.cpp
  ${CMAKE_CURRENT_LIST_DIR}/foreign_exchange.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gvc_details.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mt940_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/references.cpp
  ${CMAKE_CURRENT_LIST_DIR}/slash_details.cpp
  ${CMAKE_CURRENT_LIST_DIR}/statement_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/statement_line_field.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenizer.cpp
)
