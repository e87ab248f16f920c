// Where a profile's columns are in one file: finds the header row (and the delimiter,
// when a profile allows several), reads the preamble and binds every column reference
// to a field index or a fixed value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/profile.hpp"
#include "parsers/csv/reader.hpp"

namespace recon::csv {

// One column reference, bound to this file.
struct Bound {
  enum class Kind { kAbsent, kColumn, kFixed };
  Kind kind = Kind::kAbsent;
  size_t index = 0;     // kColumn
  bool to_end = false;  // kColumn: this field and every one after it
  std::string fixed;    // kFixed: a profile value or a preamble cell

  bool present() const { return kind != Kind::kAbsent; }
};

struct SidedBound {
  Bound any, credit, debit;
};

struct Binding {
  Bound booking_date, value_date, amount, debit, credit, indicator, currency, account, statement_id, balance;
  Bound end_to_end_id, bank_reference, structured_reference, bank_transaction_code;
  SidedBound counterparty_name, counterparty_account, counterparty_bic;
  std::vector<Bound> remittance;
  // Line details.
  Bound original_amount, original_debit, original_credit, original_currency, exchange_rate, charges_currency;
  Bound check_number, customer_reference, mandate_id, ultimate_debtor, ultimate_creditor;
  std::vector<Bound> charges;
};

struct Layout {
  Reader reader;  // positioned at the first row after the header (or after skip_rows)
  char delimiter = ',';
  std::vector<std::string> header;  // names as in the file, trimmed; empty when the file has no header
  size_t header_line = 0;           // 0 without a header
  size_t width = 0;                 // fields the header names (trailing empty names dropped); 0 = unchecked
  Binding binding;
};

// Finds the header and binds the profile's columns. Errors (kMalformedFile, with the
// line): the file ends before the header, no row has the header names the profile needs,
// a header name appears twice and the profile does not say which, a preamble row is missing.
// After the call, point the reader at `header` with set_header() for named error columns.
Result<Layout> LocateAndBind(std::string_view text, const Profile& profile);

}  // namespace recon::csv
