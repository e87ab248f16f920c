# Sources of the ofx parser; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ofx_charset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_corrections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_header.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_location.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_messages.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_repeats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_statement.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_transaction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_tree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_values.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ofx_vocabulary.cpp
)
