# Tests of scripts/: the layer check that every build runs; included by tests/CMakeLists.txt.
add_test(NAME layer_check
         COMMAND "${CMAKE_COMMAND}" "-DCHECK=${PROJECT_SOURCE_DIR}/scripts/check_layers.cmake"
                 "-DLAYERS=${CMAKE_BINARY_DIR}/layers.txt" "-DROOT=${PROJECT_SOURCE_DIR}"
                 "-DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}" -P "${CMAKE_CURRENT_LIST_DIR}/check_layers_test.cmake")
set_tests_properties(layer_check PROPERTIES LABELS unit)
