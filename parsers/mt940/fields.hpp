// Parsers for the small fixed-format fields: balances (:60F: :60M: :62F: :62M: :64: :65:),
// MT942's floor limit (:34F:), entry totals (:90D: :90C:) and report time (:13D:), plus the
// SWIFT amount and date forms they share with :61:.
//
// Every function gets the field (for its tag and line) and returns a kMalformedFile error
// whose location is "line N" or "line N, column C" and whose message names the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parsers/mt940/tokenizer.hpp"
#include "recon/date.hpp"
#include "recon/error.hpp"
#include "recon/money.hpp"

namespace recon::mt940 {

// A SWIFT amount ("1234,56", "1234,", "0,5") in minor units of a currency with `exponent`
// decimals. Digits and exactly one decimal comma; no sign, no grouping. More decimals than
// the currency has are accepted only when they are zeros. With `comma_required` false a
// whole number without a comma is also accepted (floor limits, which are not booked money).
// On failure, the message says what is wrong with the text, to follow "amount '...' ".
Result<int64_t> ParseSwiftAmount(std::string_view text, int exponent, bool comma_required = true);

// "YYMMDD" as a date, or an error message saying why not (to follow "date '...' ").
Result<Date> ParseSwiftDate(std::string_view text);

// The currency for a three-letter code, or an error message to follow "currency '...' ".
Result<Currency> ParseSwiftCurrency(std::string_view code);

struct Balance {
  int64_t minor = 0;  // signed: a D balance is negative
  Currency currency = *Currency::FromCode("EUR");
  Date date;
};

// :60F: :60M: :62F: :62M: :64: :65: -- "C110522EUR3236,28".
Result<Balance> ParseBalance(const Field& field);

// :34F: -- "EURD12345,67" or "EUR0,": the currency it names (the amount is validated).
Result<Currency> ParseFloorLimit(const Field& field);

struct EntryTotals {
  int64_t count = 0;
  int64_t minor = 0;
  Currency currency = *Currency::FromCode("EUR");
};

// :90D: :90C: -- "3EUR13,37".
Result<EntryTotals> ParseEntryTotals(const Field& field);

// :13D: -- "1901091733+0100" (or :13:'s "1901091733"): validated; the date is returned.
Result<Date> ParseReportTime(const Field& field);

// Malformed-file error for `field` at `column` (1-based within the field's first line,
// counted from the ':' of the tag; 0 = the whole line).
Error FieldError(const Field& field, size_t column, std::string message);

// Column (1-based, in characters) of `inside`, a view into the first line of `field`'s text.
size_t ColumnOf(const Field& field, std::string_view inside);

}  // namespace recon::mt940
