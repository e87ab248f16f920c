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

// Takes a leading '+' or '-', or else a trailing '-', off `text` (not empty) and notes it
// in `out`; true when the amount is negative.
bool TakeSign(std::string_view& text, Amount& out) {
  out.has_sign = false;
  if (text.front() == '-' || text.front() == '+') {
    out.has_sign = true;
    const bool negative = text.front() == '-';
    text.remove_prefix(1);
    return negative;
  }
  if (text.back() == '-') {
    out.has_sign = true;
    text.remove_suffix(1);
    return true;
  }
  return false;
}

// Reads an amount's unsigned text left to right, one digit or separator a step, summing
// the digits as it goes and checking the groups of three. Lives on the stack; no allocation.
class DigitReader {
 public:
  DigitReader(bool negative, NumberStyle style, int exponent)
      : style_(style), exponent_(exponent), negative_(negative), limit_(negative ? kNegativeLimit : kNegativeLimit - 1) {}

  // Reads the digit or separator at text[i] and moves `i` past it; kNone to go on.
  AmountProblem Step(std::string_view text, size_t& i) {
    const char c = text[i];
    if (ascii::IsDigit(c)) {
      ++i;
      return Digit(c);
    }
    if (c == style_.decimal && !in_fraction_) {
      ++i;
      return DecimalSeparator();
    }
    if (const size_t n = ThousandsAt(text, i, style_.thousands); n > 0 && !in_fraction_) {
      i += n;
      return ThousandsSeparator();
    }
    if ((c == '.' || c == ',' || c == ' ' || c == '\'') && !in_fraction_) return AmountProblem::kGrouping;
    return AmountProblem::kNotANumber;
  }

  // After the last step: whether the whole is an amount, and if so its minor units in `out`.
  AmountProblem Finish(std::string_view text, Amount& out) {
    if (digits_ == 0) return AmountProblem::kNotANumber;
    if (in_fraction_ && fraction_digits_ == 0 && text.back() == style_.decimal) return AmountProblem::kNotANumber;
    if (grouped_ && !in_fraction_ && run_ != 3) return AmountProblem::kGrouping;
    if (inexact_) return AmountProblem::kTooManyDecimals;
    for (int k = fraction_digits_; k < exponent_; ++k) {
      if (!Push(0)) return AmountProblem::kOverflow;
    }
    if (negative_) {
      out.minor = value_ == kNegativeLimit ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(value_);
    } else {
      out.minor = static_cast<int64_t>(value_);
    }
    return AmountProblem::kNone;
  }

 private:
  AmountProblem Digit(char c) {
    ++digits_;
    if (in_fraction_) {
      // Extra fraction digits are exact only when they are zeros.
      if (fraction_digits_ >= exponent_) {
        inexact_ |= c != '0';
        return AmountProblem::kNone;
      }
      ++fraction_digits_;
    } else {
      ++run_;
    }
    return Push(c - '0') ? AmountProblem::kNone : AmountProblem::kOverflow;
  }

  AmountProblem DecimalSeparator() {
    if (grouped_ && run_ != 3) return AmountProblem::kGrouping;
    in_fraction_ = true;
    return AmountProblem::kNone;
  }

  // The first group has one to three digits, every later group exactly three.
  AmountProblem ThousandsSeparator() {
    if (run_ == 0 || run_ > 3 || (grouped_ && run_ != 3)) return AmountProblem::kGrouping;
    grouped_ = true;
    run_ = 0;
    return AmountProblem::kNone;
  }

  // false when one more digit would not fit.
  bool Push(int digit) {
    if (value_ > (limit_ - static_cast<uint64_t>(digit)) / 10) return false;
    value_ = value_ * 10 + static_cast<uint64_t>(digit);
    return true;
  }

  const NumberStyle style_;
  const int exponent_;
  const bool negative_;
  const uint64_t limit_;  // the magnitude's largest value: |INT64_MIN| when negative, INT64_MAX otherwise
  uint64_t value_ = 0;
  size_t digits_ = 0;     // digits read, integer and fraction
  size_t run_ = 0;        // digits since the last thousands separator (or the start)
  bool grouped_ = false;  // a thousands separator was seen
  bool in_fraction_ = false;
  int fraction_digits_ = 0;
  bool inexact_ = false;  // a non-zero fraction digit beyond the exponent; judged after the syntax
};

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
  const bool negative = TakeSign(text, out);
  if (text.empty()) return AmountProblem::kNotANumber;
  DigitReader reader(negative, style, exponent);
  size_t i = 0;
  while (i < text.size()) {
    if (const AmountProblem problem = reader.Step(text, i); problem != AmountProblem::kNone) return problem;
  }
  return reader.Finish(text, out);
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
