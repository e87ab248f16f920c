# The layer check (scripts/check_layers.cmake) with the real table: the real tree passes, and a
# scratch tree holding one forbidden include fails, naming the file, the line and the rule; one
# case per rule of the architecture, and a file of allowed includes that passes.
#   cmake -DCHECK=<check_layers.cmake> -DLAYERS=<table> -DROOT=<source tree> -DSCRATCH=<dir> -P check_layers_test.cmake
cmake_minimum_required(VERSION 3.25)

# Each case: the file, its directive (on line 3, after a comment and an include of core that every
# module may make), what the refusal says ("" when the file must pass), and a file the directive
# needs to exist in the scratch tree ("" for none).
set(cases
  [[src/storage/bad.cpp|#include "api/app.hpp"|storage may not use api|]]
  [[src/storage/bad.hpp|#include <server/metrics.hpp>|storage may not use server|]]
  [[parsers/camt/bad.cpp|#include "util/ids.hpp"|parsers may not use util|]]
  [[parsers/bad.hpp|#include "connectors/registry.hpp"|parsers may not use connectors|]]
  [[matching/rules/bad.cpp|#include "../../src/storage/pg.hpp"|matching may not use storage|src/storage/pg.hpp]]
  [[matching/bad.cpp|#include "src/api/app.hpp"|matching may not use api|]]
  [[connectors/http/bad.cpp|#include "bank_connections/cron.hpp"|connectors may not use bank_connections|]]
  [[connectors/bad.cpp|#include "storage/pg.hpp"|connectors may not use storage|]]
  [[src/core/bad.cpp|#include "util/ids.hpp"|core may not use util (core may use: nothing else)|]]
  [[include/recon/bad.hpp|#include "matching/engine.hpp"|core may not use matching|]]
  [[src/api/bad.cpp|#include "tests/test_util.hpp"|reaches outside recond's modules|tests/test_util.hpp]]
  [[src/api/bad.cpp|#  include   HEADER|an include by macro cannot be checked|]]
  [[src/tools/main.cpp|#include "api/app.hpp"|module tools has no line in the layer table|]]
  [[src/storage/good.cpp|#include "matching/rule_set.hpp"||]]
  [[src/api/good.cpp|#include <boost/beast/http.hpp>||]]
)

string(RANDOM LENGTH 12 run)
set(scratch_root "${SCRATCH}/layer_check_${run}")
set(failures "")

function(run_check root result output)
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DROOT=${root}" "-DLAYERS=${LAYERS}" -P "${CHECK}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${result} "${rc}" PARENT_SCOPE)
  set(${output} "${out}${err}" PARENT_SCOPE)
endfunction()

run_check("${ROOT}" rc text)
if(NOT rc EQUAL 0)
  list(APPEND failures "the real tree was refused:\n${text}")
endif()

set(index 0)
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" fields "${case}")
  list(GET fields 0 file)
  list(GET fields 1 directive)
  list(GET fields 2 refusal)
  list(GET fields 3 needed)
  math(EXPR index "${index} + 1")
  set(tree "${scratch_root}/${index}")
  file(WRITE "${tree}/${file}" "// scratch\n#include \"recon/money.hpp\"\n${directive}\n")
  if(NOT needed STREQUAL "")
    file(WRITE "${tree}/${needed}" "// scratch\n")
  endif()
  run_check("${tree}" rc text)
  if(refusal STREQUAL "")
    if(NOT rc EQUAL 0)
      list(APPEND failures "${file} with ${directive} was refused:\n${text}")
    endif()
  elseif(rc EQUAL 0)
    list(APPEND failures "${file} with ${directive} passed, but should be refused: ${refusal}")
  elseif(file MATCHES "^src/tools/")
    if(NOT text MATCHES "${file}: ${refusal}")
      list(APPEND failures "${file}: expected \"${refusal}\", got:\n${text}")
    endif()
  else()
    string(REGEX REPLACE "^#[ \t]*include[ \t]*" "" written "${directive}")
    string(FIND "${text}" "${file}:3: #include ${written}: ${refusal}" at)
    if(at EQUAL -1)
      list(APPEND failures "${file}: expected \"${file}:3: #include ${written}: ${refusal}\", got:\n${text}")
    endif()
  endif()
endforeach()
file(REMOVE_RECURSE "${scratch_root}")

list(LENGTH cases count)
if(failures)
  string(REPLACE ";" "\n" failures "${failures}")
  message(FATAL_ERROR "${failures}")
endif()
message(STATUS "layer check: the real tree passes; ${count} scratch cases refused or passed as expected")
