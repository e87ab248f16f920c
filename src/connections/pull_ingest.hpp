// Hands what a connector fetched to the same ingest as an upload (storage::StatementStore):
// each file by its SHA-256 (the same file twice is stored once), parsed by the parsers; the
// record-based statements of a JSON API as one file of format "berlin-group" whose bytes are the
// statements in the common JSON form, so they are hashed, kept for audit and deduplicated by line
// fingerprint (the bank's transaction id) like any other file.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "api/app.hpp"
#include "recon/connector.hpp"

namespace recon::connections {

struct IngestCounts {
  int files = 0;        // files and record batches handed to the ingest
  int statements = 0;   // statements newly stored
  int lines = 0;        // lines newly stored
  int duplicates = 0;   // lines not stored again (already there)
  nlohmann::json errors = nlohmann::json::array();  // files the parsers refused: [{"file","type","detail","location"}]
};

// Stores everything in `fetched` for `company`. A file that cannot be parsed is recorded as a
// failure (as an upload would be) and listed in `errors`; the rest is still stored.
// Errors: the database's (kUnavailable, kInternal): the pull must not advance its cursor.
Result<IngestCounts> IngestFetched(api::App& app, const std::string& company, const FetchResult& fetched);

}  // namespace recon::connections
