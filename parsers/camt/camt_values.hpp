// Typed values of camt elements: amounts, dates, indicators. Each function names the
// problem in words; the caller adds the XML path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "recon/date.hpp"
#include "recon/error.hpp"
#include "recon/money.hpp"

namespace recon::camt {

// The trimmed text, or nullopt when nothing is left: an empty element is no value.
std::optional<std::string> OptionalText(std::string_view text);

// `error` with its location set to the XML path `where` (the values' own errors have none).
Error At(Error error, std::string where);

// An unsigned ISO 20022 decimal ("1234.5", "0", "12.50000") in minor units of a
// currency with `exponent` digits. Extra fraction digits are accepted only when they are
// zeros ("12.50000" is 1250 in EUR); a sign, a comma, grouping or a non-zero extra digit
// is an error (kMalformedFile with the reason), never a rounding.
Result<int64_t> ParseDecimalAmount(std::string_view text, int exponent);

// The currency of a Ccy attribute; kMalformedFile when it is no ISO 4217 code.
Result<Currency> ParseCurrency(std::string_view code);

// +1 for CRDT, -1 for DBIT; kMalformedFile otherwise.
Result<int> ParseCreditDebit(std::string_view text);

// xs:boolean ("true", "false", "1", "0"); kMalformedFile otherwise.
Result<bool> ParseBoolean(std::string_view text);

// A date from <Dt> (YYYY-MM-DD) or the date part of <DtTm> (YYYY-MM-DDThh:mm:ss with
// optional fraction and zone). The date is the calendar date as the bank wrote it, not
// converted to UTC: a booking at 00:30+01:00 is booked on that day for the bank.
// Returns nullopt when both are empty.
Result<std::optional<Date>> ParseDateOrDateTime(std::string_view date, std::string_view date_time);

}  // namespace recon::camt
