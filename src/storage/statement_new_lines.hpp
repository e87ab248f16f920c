// The second half of storing a file (StatementStore::StoreFile): which of its lines are new,
// and putting those into statement_lines. A line's identity across files is its fingerprint
// (LineFingerprint) with its occurrence; a line whose identity the company stored before (an
// overlapping statement) is skipped and counted, not stored twice. Inside the upload's
// transaction; for storage/ only.
#pragma once

#include <cstdint>
#include <future>
#include <string>
#include <vector>

#include "recon/statement.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

// The identity of a booking across files: account, booking date, amount, currency and
// the bank's reference or end-to-end id. Hex, 32 characters.
std::string LineFingerprint(const StatementLine& line);

// A line's identity across statements (LineFingerprint) and its occurrence: two genuinely
// identical payments within one statement are occurrences 1 and 2 of one fingerprint.
struct LineIdentity {
  std::string fingerprint;
  int occurrence = 1;
  bool operator==(const LineIdentity&) const = default;
};

// The identity of every line, statement by statement, in the file's order.
using FileLineIdentities = std::vector<std::vector<LineIdentity>>;
FileLineIdentities IdentitiesOf(const ParsedFile& parsed);

// What StoreNewLines did, and where its time went (for the upload's log line).
struct NewLinesStored {
  std::vector<int> per_statement;  // lines stored, parallel to the file's statements
  size_t known = 0;                // identities of the file that the company had stored already
  int64_t lookup_ms = 0;           // the accounts' locks and the lookup of known lines
  int64_t copy_ms = 0;             // the COPY of the new ones and the accounts' horizons
};

// In the caller's transaction: takes the locks of the file's accounts (one upload per account
// at a time, in a fixed order), looks the file's lines up among those stored (only lines booked
// on or before their account's horizon can be), COPYs the others into statement_lines under
// `statement_ids` (parallel to the file's statements) and raises the horizons. `identities`
// (IdentitiesOf, worked out meanwhile on another thread) is waited for once the locks are held.
Result<NewLinesStored> StoreNewLines(PgConnection& conn, const std::string& company, const ParsedFile& parsed,
                                     const std::vector<int64_t>& statement_ids,
                                     std::future<FileLineIdentities>& identities);

}  // namespace recon::storage
