// Helpers on recon::LineDetails shared by the format parsers.
#pragma once

#include "recon/statement.hpp"

namespace recon::parsers {

// True when `d` carries nothing. A parser gathers a line's details apart and boxes them
// (line.details.Edit()) only when this is false: most lines have none, and an empty box
// would cost the line an allocation and tell the reader nothing.
inline bool Empty(const LineDetails& d) {
  return !d.original_amount && !d.original_currency && !d.exchange_rate && !d.charges && !d.check_number &&
         !d.customer_reference && !d.mandate_id && !d.ultimate_debtor && !d.ultimate_creditor;
}

}  // namespace recon::parsers
