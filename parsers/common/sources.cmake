# Helpers every format's parser shares; included by parsers/CMakeLists.txt.
target_sources(recon_parsers PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/exchange_rate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/single_byte.cpp
)
