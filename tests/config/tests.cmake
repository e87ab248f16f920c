# Tests of src/config: defaults, ranges and the setting named in every refusal; included by
# tests/CMakeLists.txt into server_tests.
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/config_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/limits_config_test.cpp
)
recond_link_modules(server_tests config)
