// What every fuzz target checks of a line's details (recon/statement.hpp LineDetails),
// beyond valid text: the rest of recond and the database (migration 0006) rely on these.
#pragma once

#include <optional>
#include <string>

#include "recon/statement.hpp"

namespace recon::fuzz {

// Digits, then optionally a point and digits: the CHECK of statement_lines.exchange_rate.
inline bool IsDecimalText(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0) return false;
  if (i == s.size()) return true;
  if (s[i] != '.' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// True when the details of `line` hold together; `text_ok` judges each text field.
template <class TextOk>
bool LineDetailsHold(const StatementLine& line, TextOk text_ok) {
  const LineDetails& d = line.details.Get();
  if (d.original_amount) {
    if (d.original_currency != std::string(d.original_amount->currency.code())) return false;
    // Signed like the line: money out stays money out in the original currency.
    if ((d.original_amount->minor < 0 && line.amount.minor > 0) || (d.original_amount->minor > 0 && line.amount.minor < 0)) {
      return false;
    }
  }
  if (d.original_currency && !Currency::FromCode(*d.original_currency)) return false;
  if (d.exchange_rate && !IsDecimalText(*d.exchange_rate)) return false;
  for (const std::optional<std::string>* text : {&d.check_number, &d.customer_reference, &d.mandate_id,
                                                 &d.ultimate_debtor, &d.ultimate_creditor}) {
    if (*text && ((*text)->empty() || !text_ok(**text))) return false;
  }
  return true;
}

}  // namespace recon::fuzz
