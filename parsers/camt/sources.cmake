# Sources of the camt parser; included by parsers/CMakeLists.txt.
# Stages, in the order a file goes through them (see camt_parser.cpp):
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/text_encoding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xml_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_records.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_collector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_values.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_entry_mapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_line_details.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_statement_mapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camt_parser.cpp
)
