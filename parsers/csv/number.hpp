// Amounts in CSV cells, read exactly into minor units under a stated number style.
//
// Unlike recon::ParseMinorUnits this reader takes the thousands separator from the
// profile instead of accepting any, and never allocates: it runs once per amount cell.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace recon::csv {

struct NumberStyle {
  char decimal = '.';     // '.' or ','
  char thousands = '\0';  // '\0' for none; '.', ',', '\'' or ' ' (a space also accepts U+00A0 and U+202F)
};

enum class AmountProblem {
  kNone,
  kEmpty,            // nothing but whitespace
  kNotANumber,       // a character that does not belong, no digits, two decimal separators ...
  kGrouping,         // a thousands separator where the style has none, or groups not of three digits
  kTooManyDecimals,  // more fraction digits than the currency has, and they are not zeros
  kOverflow,         // does not fit in int64 minor units
};

struct Amount {
  int64_t minor = 0;
  bool has_sign = false;  // the text carried '+' or '-' (leading, or a trailing '-')
};

// Reads `text` (surrounding whitespace ignored): an optional leading '+' or '-' or a
// trailing '-', digits with the style's thousands separator between groups of three,
// and one decimal separator followed by digits. Fewer fraction digits than `exponent`
// are padded; extra ones are accepted only when they are zeros ("12.500" in EUR).
// `exponent` is 0..4. Returns kNone and fills `out`, or the problem.
AmountProblem ParseAmount(std::string_view text, NumberStyle style, int exponent, Amount& out);

// "',' as decimal separator and '.' between thousands", for messages.
std::string DescribeStyle(NumberStyle style);

// The reason `text` was refused, in words: "'12,5O' is not an amount (expected ...)".
std::string DescribeAmountProblem(AmountProblem problem, std::string_view text, NumberStyle style, int exponent);

}  // namespace recon::csv
