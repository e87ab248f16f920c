// Reading domain values back from result rows, shared by the stores.
#pragma once

#include "recon/open_item.hpp"
#include "storage/pg.hpp"
#include "storage/statement_store.hpp"

namespace recon::storage {

// A line from a row laid out as kLineColumns in statement_store.cpp: id, statement_id,
// status, matched_amount, account, booking_date, value_date, amount, currency,
// counterparty_name, counterparty_account, counterparty_bic, structured_reference,
// remittance_info, end_to_end_id, bank_reference, bank_transaction_code.
StoredLine ReadLine(const PgResult& r, int row, int first_column = 0);

// Money from minor units and a currency code stored by recond (known to be valid).
Money StoredMoney(int64_t minor, std::string_view currency);

}  // namespace recon::storage
