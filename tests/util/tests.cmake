# Tests of src/util; included by tests/CMakeLists.txt into server_tests.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bounded_queue_test.cpp
)
recond_link_modules(server_tests util)
