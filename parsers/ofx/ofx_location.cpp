#include "parsers/ofx/ofx_location.hpp"

#include <algorithm>

namespace recon::ofx {
namespace {

struct Place {
  size_t line = 1;
  size_t column = 1;
};

Place Locate(std::string_view text, size_t offset) {
  Place place;
  const size_t end = std::min(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') {
      ++place.line;
      place.column = 1;
    } else if ((b & 0xC0) != 0x80) {  // continuation bytes belong to the character before
      ++place.column;
    }
  }
  return place;
}

}  // namespace

std::string LineColumn(std::string_view text, size_t offset) {
  const Place p = Locate(text, offset);
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

std::string LineOnly(std::string_view text, size_t offset) {
  return "line " + std::to_string(Locate(text, offset).line);
}

}  // namespace recon::ofx
