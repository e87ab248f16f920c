// Money: an exact count of minor units in one ISO 4217 currency.
//
// No floating-point value ever holds an amount. Decimal text is parsed straight into minor
// units; more fraction digits than the currency allows is an error, not a
// rounding; arithmetic is checked for overflow and never mixes currencies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon {

// A currency recond knows, with the number of minor-unit digits from ISO 4217.
class Currency {
 public:
  // The currency for a three-letter code (upper case), or nullopt when the code is unknown.
  static std::optional<Currency> FromCode(std::string_view code);

  std::string_view code() const { return std::string_view(code_, 3); }
  // Digits after the decimal point: JPY 0, EUR 2, BHD 3.
  int exponent() const { return exponent_; }

  friend bool operator==(const Currency& a, const Currency& b) {
    return a.code() == b.code();
  }

 private:
  Currency(std::string_view code, int exponent);
  char code_[3] = {};
  int exponent_ = 2;
};

// Which character separates the fraction in decimal text.
enum class DecimalSeparator {
  kPoint,  // "1,234.56" / "1234.56" (JSON, camt, OFX)
  kComma,  // "1.234,56" / "1234,56" (MT940, German and Nordic CSV)
  kAuto,   // decide from the text; a lone separator before exactly three digits is refused as ambiguous
};

// Parses decimal text into minor units with `exponent` fraction digits.
//
// Accepts an optional leading '+' or '-' (or a trailing '-', as some bank exports write
// it), digits, one decimal separator and grouping separators (the other of '.'/',',
// a space, a no-break space or an apostrophe) in groups of three. Fewer fraction digits
// than `exponent` are padded ("12.5" -> 1250). Extra fraction digits are accepted only
// when they are zeros, since that is exact ("12.50000" in EUR, as some banks write it);
// any other extra digit is refused, never rounded ("1.005" in EUR is an error).
// Errors: kInvalidAmount (with a message naming the problem), kAmountOverflow.
Result<int64_t> ParseMinorUnits(std::string_view text, int exponent,
                                DecimalSeparator separator = DecimalSeparator::kAuto);

// Formats minor units as plain decimal text with a point: -123456, 2 -> "-1234.56"; 5, 0 -> "5".
std::string FormatMinorUnits(int64_t minor, int exponent);

// Overflow-checked arithmetic on minor units. nullopt on overflow.
std::optional<int64_t> CheckedAdd(int64_t a, int64_t b);
std::optional<int64_t> CheckedSub(int64_t a, int64_t b);

struct Money {
  int64_t minor = 0;
  Currency currency = *Currency::FromCode("EUR");

  // Parses "1234.56" style text in the given currency (see ParseMinorUnits).
  static Result<Money> Parse(std::string_view text, std::string_view currency_code,
                             DecimalSeparator separator = DecimalSeparator::kAuto);

  // Decimal text without the currency: "-1234.56".
  std::string ToString() const { return FormatMinorUnits(minor, currency.exponent()); }

  // Sum or difference in the same currency. kCurrencyMismatch or kAmountOverflow otherwise.
  Result<Money> Plus(const Money& other) const;
  Result<Money> Minus(const Money& other) const;

  friend bool operator==(const Money& a, const Money& b) {
    return a.minor == b.minor && a.currency == b.currency;
  }
};

}  // namespace recon
