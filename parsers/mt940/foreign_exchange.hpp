// The SWIFT codes for foreign exchange and charges, in the :61: supplementary details and
// in the slash-keyword form of :86: (SWIFT MT940 usage rules, field 61 subfield 9):
//
//   /OCMT/EUR11,85/     original ordered amount and its currency
//   /CHGS/EUR1,50/      charges taken for the line
//   /EXCH/1,0856/       the exchange rate applied
//
// A value that does not read as one of these is left alone: the codes sit in free text,
// and a bank's odd text must not make the file fail.
#pragma once

#include <string_view>

#include "recon/statement.hpp"

namespace recon::mt940 {

// "EUR11,85" or "EUR/11,85" (currency, amount with a decimal comma) into
// line.original_amount, signed like the line, and line.original_currency. Unset fields only.
void SetOriginalAmount(std::string_view value, StatementLine& line);

// "EUR1,50" into line.charges (positive: a charge). Unset field only.
void SetCharges(std::string_view value, StatementLine& line);

// "1,0856" into line.exchange_rate as "1.0856". Unset field only.
void SetExchangeRate(std::string_view value, StatementLine& line);

// Finds /OCMT/ /CHGS/ /EXCH/ anywhere in `text` (the :61: supplementary details) and sets
// what they carry; each value runs to the next '/'.
void MapExchangeCodes(std::string_view text, StatementLine& line);

}  // namespace recon::mt940
