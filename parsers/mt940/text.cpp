#include "parsers/mt940/text.hpp"

namespace recon::mt940 {
namespace {

// Long enough to recognise a value, short enough to keep a message on one screen line.
constexpr size_t kQuoteCharsMax = 40;

}  // namespace

std::string LineLocation(uint32_t line, size_t column) {
  std::string out = "line " + std::to_string(line);
  if (column > 0) out += ", column " + std::to_string(column);
  return out;
}

std::string Quote(std::string_view text) {
  size_t bytes = 0;
  size_t chars = 0;
  while (bytes < text.size() && chars < kQuoteCharsMax) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
    ++chars;
  }
  std::string out = "'";
  out.append(text.substr(0, bytes));
  if (bytes < text.size()) out += "...";
  out += "'";
  return out;
}

}  // namespace recon::mt940
