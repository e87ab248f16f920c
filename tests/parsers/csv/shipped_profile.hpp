// The text of a profile shipped in config/csv-profiles, for tests that parse with it.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace recon::testing {

inline std::string ShippedProfile(const std::string& name) {
  std::ifstream in(std::string(RECOND_CSV_PROFILES) + "/" + name + ".json", std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace recon::testing
