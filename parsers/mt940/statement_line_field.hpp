// The :61: statement line, every subfield:
//
//   :61:YYMMDD[MMDD](C|D|RC|RD)[funds code]amount,type customer-ref[//bank-ref][extra]
//   [supplementary details on the next line]
//
// e.g. ":61:2006080608D12,35NTRFKREF+//2016021783252833" and "/OCMT/EUR11,85//" on the next.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parsers/mt940/tokenizer.hpp"
#include "recon/date.hpp"
#include "recon/error.hpp"

namespace recon::mt940 {

// The customer reference is at most 16 characters (16x) when no "//" closes it.
inline constexpr size_t kReferenceCharsMax = 16;

struct StatementLineField {
  Date value_date;
  std::optional<Date> entry_date;  // the booking date, when the bank gives it (year inferred)
  bool credit = false;             // money in after reversals: C and RD are in, D and RC are out
  bool reversal = false;           // RC or RD
  char funds_code = 0;             // the third letter of the currency, when given; 0 otherwise
  int64_t amount_minor = 0;        // the amount without sign, in minor units of the statement's currency
  std::string_view type_code;      // "NTRF", "NMSC", "FCHG": the transaction type identification
  std::string_view customer_reference;  // empty when absent or NONREF
  std::string_view bank_reference;      // empty when absent or NONREF
  std::string_view extra;          // text after a 16-character customer reference without "//" (Rabobank: the payer)
  std::string_view supplementary;  // the continuation lines, raw (line breaks as in the file)
};

// The dates of the :61: read last. The lines of a daily statement mostly share them, and
// reading a date is the dearest part of a line; one cache per parse, never shared.
struct LineDateCache {
  char value_text[6] = {};   // "YYMMDD" as written
  Date value;
  char entry_text[4] = {};   // "MMDD" as written, beside value_text
  std::optional<Date> entry;
};

// Parses one :61: field; `exponent` is the decimals of the statement's currency. Views point
// into `field.text`. Errors: kMalformedFile naming the line and column of the wrong subfield.
Result<StatementLineField> ParseStatementLineField(const Field& field, int exponent, LineDateCache& dates);

// The booking date for "MMDD" written beside `value_date`: the year that puts it closest to
// the value date, so that a booking on 30 December for a value date of 2 January falls in the
// year before, and one on 2 January for a value date of 30 December in the year after.
// nullopt when MMDD is no date in any of those years, or only one more than half a year away
// (29 February next to a year without one).
std::optional<Date> InferEntryDate(const Date& value_date, int month, int day);

}  // namespace recon::mt940
