#include "matching/normalize.hpp"
#include "recon/ascii.hpp"

namespace recon::matching {

std::string NormalizeReference(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '+' || c == '\t') continue;
    out.push_back(ascii::ToUpper(c));
  }
  return out;
}

}  // namespace recon::matching
