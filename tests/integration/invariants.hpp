// Invariants of the stored data of one company, checked with SQL on the test database:
// what must hold whatever happened before (concurrent runs, two processes, kill -9).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace recon::testing {

// Every violation found for `company`, one human-readable sentence each; empty when the
// data is consistent. Throws std::runtime_error when the database cannot be reached.
std::vector<std::string> CheckInvariants(const std::string& database_url, const std::string& company);

// The violations one per line, for a failure message.
std::string Joined(const std::vector<std::string>& violations);

// The first column of the first row of `sql` (with $1 = company), or "" when no row.
// For tests that compare counts.
std::string QueryValue(const std::string& database_url, const std::string& sql, const std::string& company);

// Generated data shaped like ../shared/scenario/gen.py: receivables with document numbers
// (some with RF references) and camt.053 lines that pay them by reference, by document
// number in text, partly, or not at all (fees, noise).
struct GenItem {
  std::string external_id, partner_id, partner_name, document_number, structured_reference;
  int64_t cents = 0;
};
struct GenLine {
  std::string bank_reference, e2e, name, ustrd, strd;
  int64_t cents = 0;
};
// Items numbered first .. first+items-1; lines pay items first .. first+lines-1 (most of them).
std::vector<GenItem> MakeItems(uint64_t seed, size_t first, size_t items);
std::vector<GenLine> MakeLines(uint64_t seed, const std::vector<GenItem>& items, size_t first, size_t lines);
// A camt.053.001.08 statement of `lines` booked on `date` (YYYY-MM-DD); closing = opening + lines.
std::string Camt053(const std::vector<GenLine>& lines, const std::string& date, const std::string& statement_id,
                    int64_t opening_cents = 100000000);
// A JSON array of items[from, to) for POST /v1/open-items.
std::string ItemsJson(const std::vector<GenItem>& items, size_t from, size_t to);

}  // namespace recon::testing
