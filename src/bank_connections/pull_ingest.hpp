// Hands what a connector fetched to the ingest service (src/ingest), the same entry point as
// an upload: each file by its SHA-256 (the same file twice is stored once), parsed by the
// parsers, with a receipt that names the connection and the pull (GET /v1/uploads); the
// record-based statements of a JSON API as one file of format "berlin-group" whose bytes are
// the statements in the common JSON form, so they are hashed, kept for audit and deduplicated
// by line fingerprint (the bank's transaction id) like any other file.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "ingest/ingest_service.hpp"
#include "recon/connector.hpp"

namespace recon::bank_connections {

struct IngestCounts {
  int files = 0;        // files and record batches handed to the ingest
  int statements = 0;   // statements newly stored
  int lines = 0;        // lines newly stored
  int duplicates = 0;   // lines not stored again (already there)
  // files the parsers refused: [{"file","type","detail","location","upload_id"}]
  nlohmann::json errors = nlohmann::json::array();
};

// Where the fetched files came from: the pull `pull_id` of connection `connection_id`.
struct PullOrigin {
  std::string company;
  int64_t connection_id = 0;
  int64_t pull_id = 0;
};

// Stores everything in `fetched`. A file that cannot be parsed is refused (its receipt and
// bytes kept, as an upload's would be) and listed in `errors`; the rest is still stored.
// Stored files with new lines queue a reconcile of the company (auto_reconcile), as uploads do.
// Errors: the database's (kUnavailable, kInternal): the pull must not advance its cursor.
Result<IngestCounts> IngestFetched(ingest::IngestService& ingest, const PullOrigin& origin, const FetchResult& fetched);

}  // namespace recon::bank_connections
