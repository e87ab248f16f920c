# The OFX part of the conformance suite; included by tests/conformance/CMakeLists.txt.
target_sources(conformance_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ofx_conformance_test.cpp)
