// Reading domain values back from result rows, shared by the stores.
#pragma once

#include "recon/open_item.hpp"
#include "storage/pg.hpp"
#include "storage/statement_store.hpp"

namespace recon::storage {

// Optional values as query parameters: NULL when absent.
inline Param OptInt(const std::optional<int64_t>& v) { return v ? Param(std::to_string(*v)) : Param(); }
inline Param OptDate(const std::optional<Date>& v) { return v ? Param(v->ToIso()) : Param(); }

// A line from a row laid out as kLineColumns in statement_lines.cpp: id, statement_id,
// status, matched_amount, account, booking_date, value_date, amount, currency,
// counterparty_name, counterparty_account, counterparty_bic, structured_reference,
// remittance_info, end_to_end_id, bank_reference, bank_transaction_code.
StoredLine ReadLine(const PgResult& r, int row, int first_column = 0);

// How many columns ReadLine reads.
inline constexpr int kLineCoreColumnCount = 17;

// How many columns ReadLineDetails reads.
inline constexpr int kLineDetailColumnCount = 10;

// The details of migration 0006 into `line` (left without details when all are null), from a row laid out as: original_amount,
// original_currency, exchange_rate, charges_amount, charges_currency, check_number,
// customer_reference, mandate_id, ultimate_debtor, ultimate_creditor, from `first_column`.
void ReadLineDetails(const PgResult& r, int row, int first_column, StatementLine& line);

// Money from minor units and a currency code stored by recond (known to be valid).
Money StoredMoney(int64_t minor, std::string_view currency);

}  // namespace recon::storage
