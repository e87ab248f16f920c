#include "matching/evidence/check_digits.hpp"

#include <cstdint>

#include "recon/ascii.hpp"

namespace recon::matching {
namespace {

constexpr size_t kNationalDigitsMin = 2;
constexpr size_t kNationalDigitsMax = 25;

// A payload of zeros only is a placeholder: every scheme's check passes on it trivially.
bool AllZeros(std::string_view s) {
  for (char c : s) {
    if (c != '0') return false;
  }
  return true;
}

// The Luhn sum of a payload with its check digit (weights 1,2 from the right, the check
// digit weighing 1); 0 mod 10 when the check digit is right.
int LuhnSum(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum;
}

bool LuhnHolds(std::string_view digits) {
  return ascii::AllDigits(digits) && !AllZeros(digits.substr(0, digits.size() - 1)) && LuhnSum(digits) % 10 == 0;
}

}  // namespace

bool IsValidLuhn(std::string_view digits) {
  return digits.size() >= kNationalDigitsMin && digits.size() <= kNationalDigitsMax && LuhnHolds(digits);
}

bool IsValidKidMod11(std::string_view text) {
  if (text.size() < kNationalDigitsMin || text.size() > kNationalDigitsMax) return false;
  const std::string_view payload = text.substr(0, text.size() - 1);
  if (!ascii::AllDigits(payload) || AllZeros(payload)) return false;
  int sum = 0;
  int weight = 2;
  for (size_t i = payload.size(); i-- > 0;) {
    sum += (payload[i] - '0') * weight;
    weight = weight == 7 ? 2 : weight + 1;
  }
  const int check = 11 - sum % 11;
  const char expected = check == 11 ? '0' : check == 10 ? '-' : static_cast<char>('0' + check);
  return text.back() == expected;
}

bool IsValidKid(std::string_view text) {
  return IsValidLuhn(text) || IsValidKidMod11(text);
}

bool IsValidOcr(std::string_view digits, bool require_length_digit) {
  if (!IsValidLuhn(digits)) return false;
  if (!require_length_digit) return true;
  return digits[digits.size() - 2] - '0' == static_cast<int>(digits.size() % 10);
}

bool IsValidFik(int card_type, std::string_view digits) {
  if (card_type == 71) return digits.size() == 15 && LuhnHolds(digits);
  if (card_type == 75) return digits.size() == 16 && LuhnHolds(digits);
  return false;
}

bool IsValidFinnish(std::string_view digits) {
  if (digits.size() < 4 || digits.size() > 20 || !ascii::AllDigits(digits)) return false;
  const std::string_view payload = digits.substr(0, digits.size() - 1);
  if (AllZeros(payload)) return false;
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  size_t w = 0;
  for (size_t i = payload.size(); i-- > 0;) {
    sum += (payload[i] - '0') * kWeights[w];
    w = (w + 1) % 3;
  }
  return digits.back() - '0' == (10 - sum % 10) % 10;
}

bool IsValidBelgianOgm(std::string_view digits) {
  if (digits.size() != 12 || !ascii::AllDigits(digits) || AllZeros(digits.substr(0, 10))) return false;
  int64_t base = 0;
  for (size_t i = 0; i < 10; ++i) base = base * 10 + (digits[i] - '0');
  int check = static_cast<int>(base % 97);
  if (check == 0) check = 97;
  return (digits[10] - '0') * 10 + (digits[11] - '0') == check;
}

bool IsValidSwissQr(std::string_view digits) {
  if (digits.size() != 27 || !ascii::AllDigits(digits) || AllZeros(digits.substr(0, 26))) return false;
  static constexpr int kTable[10] = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};
  int carry = 0;
  for (size_t i = 0; i + 1 < digits.size(); ++i) carry = kTable[(carry + (digits[i] - '0')) % 10];
  return digits.back() - '0' == (10 - carry) % 10;
}

int Mod97(std::string_view text) {
  int rest = 0;
  for (char c : text) {
    if (ascii::IsDigit(c)) {
      rest = (rest * 10 + (c - '0')) % 97;
    } else if (ascii::IsUpper(c)) {
      rest = (rest * 100 + (c - 'A' + 10)) % 97;
    } else {
      return -1;
    }
  }
  return rest;
}

bool IsValidRf(std::string_view text) {
  if (text.size() < 5 || text.size() > 25 || text[0] != 'R' || text[1] != 'F') return false;
  if (!ascii::IsDigit(text[2]) || !ascii::IsDigit(text[3])) return false;
  const int check = (text[2] - '0') * 10 + (text[3] - '0');
  if (check < 2 || check > 98) return false;
  const std::string_view body = text.substr(4);
  if (AllZeros(body)) return false;
  // Body first, then "RF" and the check digits: the ISO 7064 rearrangement, without a copy.
  int rest = Mod97(body);
  if (rest < 0) return false;
  for (char c : text.substr(0, 4)) {
    rest = ascii::IsDigit(c) ? (rest * 10 + (c - '0')) % 97 : (rest * 100 + (c - 'A' + 10)) % 97;
  }
  return rest == 1;
}

}  // namespace recon::matching
