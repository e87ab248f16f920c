#include "parsers/mt940/text.hpp"

#include <cstring>

namespace recon::mt940 {
namespace {

// Long enough to recognise a value, short enough to keep a message on one screen line.
constexpr size_t kQuoteCharsMax = 40;

}  // namespace

size_t CountChars(std::string_view utf8) {
  // Eight bytes at a time: a continuation byte is 10xxxxxx, so bit 7 set and bit 6 clear.
  size_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, utf8.data() + i, 8);
    // The marked high bits, moved to bit 0 of each byte and summed by one multiplication.
    const uint64_t marks = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
    continuation += static_cast<size_t>((marks * 0x0101010101010101ull) >> 56);
  }
  for (; i < utf8.size(); ++i) continuation += (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;
  return utf8.size() - continuation;
}

size_t PrefixBytes(std::string_view utf8, size_t chars) {
  size_t i = 0;
  while (i < utf8.size() && chars > 0) {
    ++i;
    while (i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) ++i;
    --chars;
  }
  return i;
}

std::string LineLocation(uint32_t line, size_t column) {
  std::string out = "line " + std::to_string(line);
  if (column > 0) out += ", column " + std::to_string(column);
  return out;
}

std::string Quote(std::string_view text) {
  // The text may be a slice cut at any byte: a letter cut in two becomes '?', so that the
  // message stays valid UTF-8.
  std::string out = "'";
  size_t chars = 0;
  size_t i = 0;
  while (i < text.size() && chars < kQuoteCharsMax) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    bool whole = length > 0 && i + length <= text.size();
    for (size_t k = 1; whole && k < length; ++k) whole = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (whole) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += '?';
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    ++chars;
  }
  if (i < text.size()) out += "...";
  out += "'";
  return out;
}

}  // namespace recon::mt940
