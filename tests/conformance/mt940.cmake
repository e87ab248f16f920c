# The MT940 / MT942 conformance suite; included by tests/conformance/CMakeLists.txt.
target_sources(conformance_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/mt940_conformance_test.cpp)
# The expectation files of the corpus are JSON.
target_link_libraries(conformance_tests PRIVATE nlohmann_json::nlohmann_json)
# The suite checks that docs/parsers/mt940.md lists every deliberate rejection.
target_compile_definitions(conformance_tests PRIVATE RECOND_MT940_DOC="${PROJECT_SOURCE_DIR}/docs/parsers/mt940.md")
