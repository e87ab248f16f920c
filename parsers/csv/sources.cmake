# Sources of the csv parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/balances.cpp
  ${CMAKE_CURRENT_LIST_DIR}/charset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/column_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/date_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mapper_details.cpp
  ${CMAKE_CURRENT_LIST_DIR}/number.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_columns.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sniff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/statements.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synonyms.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text.cpp
)
