# Tests of src/security; included by tests/CMakeLists.txt into server_tests.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/secret_box_test.cpp
)
recond_link_modules(server_tests security)
