// Maps NextGenPSD2 (Berlin Group) AIS transaction JSON to the common statement line.
// Pure: no I/O, so the mapping is tested table by table.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "recon/statement.hpp"

namespace recon::connectors {

// One booked transaction as a line of `account`. Amounts are signed strings parsed into minor
// units (no floating point). The counterparty is the creditor for money out, the debtor for money in.
// bank_reference is the transactionId, else entryReference, else "" (the caller gives it a
// synthetic id). Errors: kInvalidAmount, kUnknownCurrency, kInvalidDate, kMalformedFile.
Result<StatementLine> MapTransaction(const nlohmann::json& tx, const std::string& account);

// A stable id from a line's content (dates, amount, currency, counterparty, texts, references)
// and its `occurrence` among identical contents in one answer: "syn:" + 32 hex digits of SHA-256.
std::string SyntheticId(const StatementLine& line, int occurrence);

}  // namespace recon::connectors
