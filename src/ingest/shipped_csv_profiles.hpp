// The CSV profiles shipped with recond (config/csv-profiles/NAME.json), compiled into the
// binary by config/CMakeLists.txt so that they are found wherever recond runs.
#pragma once

#include <string_view>
#include <vector>

namespace recon::ingest {

struct ShippedCsvProfile {
  std::string_view name;  // the file name without .json
  std::string_view json;  // the file's text
};

// Every shipped profile, in name order. The text is the file's as committed; it is
// validated when used, like any other profile (a test checks that each one is valid).
const std::vector<ShippedCsvProfile>& ShippedCsvProfiles();

}  // namespace recon::ingest
