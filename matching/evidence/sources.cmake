# Evidence extractors; included by matching/CMakeLists.txt.
target_sources(recon_matching PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/check_digits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/references.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reference_scan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document_numbers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/counterparty.cpp
  ${CMAKE_CURRENT_LIST_DIR}/name_key.cpp
)
