#include "parsers/csv/text.hpp"

#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

// Lower-cases ASCII and the Latin-1 capitals (U+00C0..U+00DE except U+00D7) of UTF-8 text,
// dropping whitespace and, when asked, ASCII punctuation.
std::string Fold(std::string_view s, bool drop_punctuation) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (ascii::IsSpace(c)) continue;
    if (drop_punctuation && ascii::IsPunct(c)) continue;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
      continue;
    }
    // A no-break space (C2 A0) is whitespace too.
    if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < s.size()) {
      const unsigned char next = static_cast<unsigned char>(s[i + 1]);
      out += c;
      out += (next >= 0x80 && next <= 0x9E && next != 0x97) ? static_cast<char>(next + 0x20) : static_cast<char>(next);
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

bool IsBlankRow(const std::vector<std::string_view>& fields) {
  for (std::string_view f : fields) {
    if (!ascii::Trim(f).empty()) return false;
  }
  return true;
}

std::string FoldHeader(std::string_view s) {
  return Fold(s, false);
}

std::string FoldLoose(std::string_view s) {
  return Fold(s, true);
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!ascii::IsSpace(c)) out += c;
  }
  return out;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

std::string Excerpt(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  // Cut on a UTF-8 character boundary so that the message stays valid UTF-8.
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

std::string Quoted(std::string_view s) { return "'" + Excerpt(s) + "'"; }

std::string CellLocation(size_t line, size_t column_index, std::string_view header_name) {
  std::string out = "line " + std::to_string(line) + ", column " + std::to_string(column_index + 1);
  if (!header_name.empty()) out += " '" + Excerpt(header_name, 40) + "'";
  return out;
}

std::string LineLocation(size_t line) {
  return "line " + std::to_string(line);
}

}  // namespace recon::csv
