# Tests of src/daemon; included by tests/CMakeLists.txt. The reconciler's observer into
# server_tests (tests/api/openapi_test.cpp builds the router through daemon's routes table too).
target_sources(server_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/metrics_observer_test.cpp
)
recond_link_modules(server_tests daemon)
