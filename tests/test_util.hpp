// Helpers shared by tests: reading fixtures.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace recon::testing {

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(RECOND_FIXTURES) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace recon::testing
