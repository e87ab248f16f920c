# Tests of the parsers; included by tests/CMakeLists.txt into parser_tests. Each format's
# folder (and common/, the helpers they share) lists its own.
target_sources(parser_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/registry_test.cpp
)
recond_link_modules(parser_tests parsers)
include(${CMAKE_CURRENT_LIST_DIR}/common/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/camt/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/mt940/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/ofx/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/csv/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/zip/tests.cmake)
