#include "matching/evidence/counterparty.hpp"

#include <array>

#include "matching/evidence/check_digits.hpp"
#include "recon/ascii.hpp"

namespace recon::matching {
namespace {

struct IbanCountry {
  char code[3];
  unsigned char length;
};

// The SWIFT IBAN registry, sorted by country code. Territories that use another country's
// IBAN (Åland: FI, Guernsey: GB, French overseas departments: FR) need no rows of their own.
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
    {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
    {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22},
    {"MK", 19}, {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23},
    {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30}};

constexpr size_t kIbanLengthMax = 34;

}  // namespace

std::string AccountKey(std::string_view account) {
  std::string out;
  out.reserve(account.size());
  for (char c : account) {
    if (c == ' ' || c == '\t' || c == '-' || c == '.') continue;
    out.push_back(ascii::ToUpper(c));
  }
  return out;
}

size_t IbanLength(std::string_view country_code) {
  if (country_code.size() != 2) return 0;
  for (const IbanCountry& c : kIbanCountries) {
    if (c.code[0] == country_code[0] && c.code[1] == country_code[1]) return c.length;
  }
  return 0;
}

bool IsValidIban(std::string_view iban) {
  std::array<char, kIbanLengthMax> buf{};
  size_t len = 0;
  for (char c : iban) {
    if (c == ' ') continue;
    const char u = ascii::ToUpper(c);
    if (!ascii::IsDigit(u) && !ascii::IsUpper(u)) return false;
    if (len == buf.size()) return false;
    buf[len++] = u;
  }
  if (len < 5 || !ascii::IsUpper(buf[0]) || !ascii::IsUpper(buf[1]) || !ascii::IsDigit(buf[2]) ||
      !ascii::IsDigit(buf[3]))
    return false;
  if (IbanLength(std::string_view(buf.data(), 2)) != len) return false;
  const int check = (buf[2] - '0') * 10 + (buf[3] - '0');
  if (check < 2 || check > 98) return false;
  // ISO 13616: the BBAN first, then country code and check digits.
  const int bban = Mod97(std::string_view(buf.data() + 4, len - 4));
  if (bban < 0) return false;
  int rest = bban;
  for (size_t i = 0; i < 4; ++i) {
    const char c = buf[i];
    rest = ascii::IsDigit(c) ? (rest * 10 + (c - '0')) % 97 : (rest * 100 + (c - 'A' + 10)) % 97;
  }
  return rest == 1;
}

PayerKeys PayerKeysOf(const StatementLine& line) {
  PayerKeys keys;
  if (line.counterparty_account) keys.account = AccountKey(*line.counterparty_account);
  if (line.counterparty_name) keys.name = NameKey(*line.counterparty_name);
  return keys;
}

}  // namespace recon::matching
