// Character classes and case of ASCII, the same in every locale.
//
// File formats (camt, MT940, OFX, CSV), references and identifiers are defined over ASCII
// bytes; <cctype> answers by the process's locale and is undefined for negative chars, so
// every module asks here instead. A byte of a UTF-8 sequence (>= 0x80) is in no class and
// keeps its case. All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace recon::ascii {

constexpr bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool IsAlpha(char c) {
  return IsUpper(c) || IsLower(c);
}
constexpr bool IsAlnum(char c) {
  return IsDigit(c) || IsAlpha(c);
}
constexpr bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Space, tab, carriage return and line feed: the white space files use between values.
// Vertical tab and form feed are not (std::isspace would say they are).
constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The printable characters that are neither letters, digits nor space: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
constexpr bool IsPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

constexpr char ToUpper(char c) {
  return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}
constexpr char ToLower(char c) {
  return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// True when `s` is not empty and every character is a digit.
constexpr bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// True when every character is IsSpace (so also for "").
constexpr bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

// `s` without IsSpace characters at either end; a view into `s`.
constexpr std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A copy of `s` with its ASCII letters upper-cased (lower-cased); other bytes unchanged.
inline std::string Uppercased(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToUpper(c);
  return out;
}
inline std::string Lowercased(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

}  // namespace recon::ascii
