#include "parsers/mt940/references.hpp"

#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

// ISO 11649: at most 25 characters in all, so at most 21 after "RFnn".
constexpr size_t kCreditorReferenceCharsMax = 25;

int CheckValue(char c) {
  return ascii::IsDigit(c) ? c - '0' : (c >= 'a' ? c - 'a' : c - 'A') + 10;
}

}  // namespace

bool IsCreditorReference(std::string_view text) {
  if (text.size() < 5 || text.size() > kCreditorReferenceCharsMax) return false;
  if (text[0] != 'R' || text[1] != 'F' || !ascii::IsDigit(text[2]) || !ascii::IsDigit(text[3])) return false;
  for (char c : text.substr(4)) {
    if (!ascii::IsAlnum(c)) return false;
  }
  // The reference is checked as "<rest>RFnn", each letter read as the number 10-35.
  int remainder = 0;
  auto feed = [&](char c) {
    const int v = CheckValue(c);
    remainder = (v >= 10 ? remainder * 100 + v : remainder * 10 + v) % 97;
  };
  for (char c : text.substr(4)) feed(c);
  for (char c : text.substr(0, 4)) feed(c);
  return remainder == 1;
}

bool IsBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i < 6 ? !ascii::IsUpper(s[i]) : !(ascii::IsUpper(s[i]) || ascii::IsDigit(s[i]))) return false;
  }
  return true;
}

bool IsIban(std::string_view text) {
  // ISO 13616: at most 34 characters.
  constexpr size_t kIbanCharsMax = 34;
  if (text.size() < 5 || text.size() > kIbanCharsMax) return false;
  if (!ascii::IsUpper(text[0]) || !ascii::IsUpper(text[1]) || !ascii::IsDigit(text[2]) || !ascii::IsDigit(text[3]))
    return false;
  int remainder = 0;
  auto feed = [&](char c) {
    const int v = CheckValue(c);
    remainder = (v >= 10 ? remainder * 100 + v : remainder * 10 + v) % 97;
  };
  for (char c : text.substr(4)) {
    if (!ascii::IsDigit(c) && !ascii::IsUpper(c)) return false;
    feed(c);
  }
  for (char c : text.substr(0, 4)) feed(c);
  return remainder == 1;
}

}  // namespace recon::mt940
