// Small text helpers shared by the MT940 stages. Everything works on string_views into
// the (UTF-8) file text; nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "recon/ascii.hpp"

namespace recon::mt940 {

// SWIFT writes the free-text fields (:86:, :61: supplementary details) in lines of at most
// 65 characters; a line of exactly this length was cut by the bank's line wrap, not by the
// author, so the next line continues it without a separator.
inline constexpr size_t kLineCharsMax = 65;

// Value of a run of ASCII digits; the caller has checked them and keeps them short.
inline int DigitsValue(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

inline std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

inline std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

inline std::string_view Trim(std::string_view s) { return TrimLeft(TrimRight(s)); }

// Characters (code points) of UTF-8 text: every byte that is not a continuation byte.
size_t CountChars(std::string_view utf8);

// Bytes of the first `chars` characters of UTF-8 text, so that a cut never splits a letter.
size_t PrefixBytes(std::string_view utf8, size_t chars);

// Walks the physical lines of a field's text. Lines end at '\n'; a '\r' before it is dropped.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text), done_(false) {}

  // The next line, or false at the end. An empty text has one empty line.
  bool Next(std::string_view& line) {
    if (done_) return false;
    const size_t nl = rest_.find('\n');
    if (nl == std::string_view::npos) {
      line = rest_;
      done_ = true;
    } else {
      line = rest_.substr(0, nl);
      rest_.remove_prefix(nl + 1);
    }
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }

 private:
  std::string_view rest_;
  bool done_;
};

// "line 14" or "line 14, column 3" (column counted in characters from 1).
std::string LineLocation(uint32_t line, size_t column = 0);

// The text quoted for a message, cut short so that a runaway field cannot flood an error.
std::string Quote(std::string_view text);

}  // namespace recon::mt940
