#include "parsers/csv/number.hpp"

#include <limits>

#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

constexpr uint64_t kNegativeLimit = uint64_t{1} << 63;  // |INT64_MIN|

// Length of a thousands separator at `i`, or 0.
size_t ThousandsAt(std::string_view s, size_t i, char thousands) {
  if (thousands == '\0') return 0;
  if (s[i] == thousands) return 1;
  if (thousands == ' ' && (s.substr(i, 2) == "\xC2\xA0" || s.substr(i, 3) == "\xE2\x80\xAF")) {
    return s[i] == '\xC2' ? 2 : 3;
  }
  if (thousands == '\'' && s.substr(i, 3) == "\xE2\x80\x99") return 3;  // U+2019, the Swiss apostrophe
  return 0;
}

std::string SeparatorName(char c) {
  switch (c) {
    case ' ':
      return "a space";
    case '\0':
      return "nothing";
    default:
      return std::string("'") + c + "'";
  }
}

}  // namespace

AmountProblem ParseAmount(std::string_view text, NumberStyle style, int exponent, Amount& out) {
  text = ascii::Trim(text);
  if (text.empty()) return AmountProblem::kEmpty;
  bool negative = false;
  out.has_sign = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    out.has_sign = true;
    text.remove_prefix(1);
  } else if (text.back() == '-') {
    negative = true;
    out.has_sign = true;
    text.remove_suffix(1);
  }
  if (text.empty()) return AmountProblem::kNotANumber;

  uint64_t value = 0;
  size_t digits = 0;     // digits read, integer and fraction
  size_t run = 0;        // digits since the last thousands separator (or the start)
  bool grouped = false;  // a thousands separator was seen
  bool in_fraction = false;
  int fraction_digits = 0;
  bool inexact = false;  // a non-zero fraction digit beyond the exponent; judged after the syntax
  const uint64_t limit = negative ? kNegativeLimit : kNegativeLimit - 1;
  auto push = [&](int digit) -> bool {
    if (value > (limit - static_cast<uint64_t>(digit)) / 10) return false;
    value = value * 10 + static_cast<uint64_t>(digit);
    return true;
  };

  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (in_fraction) {
        // Extra fraction digits are exact only when they are zeros.
        if (fraction_digits >= exponent) {
          inexact |= c != '0';
          ++i;
          continue;
        }
        ++fraction_digits;
      } else {
        ++run;
      }
      if (!push(c - '0')) return AmountProblem::kOverflow;
      ++i;
      continue;
    }
    if (c == style.decimal && !in_fraction) {
      if (grouped && run != 3) return AmountProblem::kGrouping;
      in_fraction = true;
      ++i;
      continue;
    }
    if (const size_t n = ThousandsAt(text, i, style.thousands); n > 0 && !in_fraction) {
      // The first group has one to three digits, every later group exactly three.
      if (run == 0 || run > 3 || (grouped && run != 3)) return AmountProblem::kGrouping;
      grouped = true;
      run = 0;
      i += n;
      continue;
    }
    if ((c == '.' || c == ',' || c == ' ' || c == '\'') && !in_fraction) return AmountProblem::kGrouping;
    return AmountProblem::kNotANumber;
  }
  if (digits == 0) return AmountProblem::kNotANumber;
  if (in_fraction && fraction_digits == 0 && text.back() == style.decimal) return AmountProblem::kNotANumber;
  if (grouped && !in_fraction && run != 3) return AmountProblem::kGrouping;
  if (inexact) return AmountProblem::kTooManyDecimals;
  for (int k = fraction_digits; k < exponent; ++k) {
    if (!push(0)) return AmountProblem::kOverflow;
  }
  if (negative) {
    out.minor = value == kNegativeLimit ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(value);
  } else {
    out.minor = static_cast<int64_t>(value);
  }
  return AmountProblem::kNone;
}

std::string DescribeStyle(NumberStyle style) {
  return SeparatorName(style.decimal) + " as decimal separator and " + SeparatorName(style.thousands) +
         " between thousands";
}

std::string DescribeAmountProblem(AmountProblem problem, std::string_view text, NumberStyle style, int exponent) {
  const std::string quoted = "'" + Excerpt(ascii::Trim(text)) + "'";
  switch (problem) {
    case AmountProblem::kNone:
      return "";
    case AmountProblem::kEmpty:
      return "the amount is empty";
    case AmountProblem::kNotANumber:
      return quoted + " is not an amount (expected digits with " + DescribeStyle(style) + ")";
    case AmountProblem::kGrouping:
      return quoted + " is not an amount: its separators do not fit " + DescribeStyle(style);
    case AmountProblem::kTooManyDecimals:
      return quoted + " has more decimal digits than the currency's " + std::to_string(exponent);
    case AmountProblem::kOverflow:
      return quoted + " is too large an amount";
  }
  return quoted + " is not an amount";
}

}  // namespace recon::csv
