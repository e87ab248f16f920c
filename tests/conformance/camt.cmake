# camt conformance over $RECOND_CORPUS_DIR/camt; included by tests/conformance/CMakeLists.txt.
target_sources(conformance_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/camt_conformance_test.cpp)
# genkgo-camt's expectation files are JSON.
target_link_libraries(conformance_tests PRIVATE nlohmann_json::nlohmann_json)
