// The request bodies of the API turned into typed requests: pure functions of the body's
// JSON, without a database, so that the fuzzer (tests/fuzz/request_bodies/) can throw any
// bytes at them. Every refusal is a kInvalidRequest (or kLimitExceeded, or an amount, date or
// currency error of the item) that names the place: "item 3", "line 7", "decisions[2].id".
//
// The other bodies have decoders of their own module: rule sets (matching::ParseRuleSet) and
// connections (bank_connections::DraftFromCreate, DraftFromPatch).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "recon/json.hpp"
#include "recon/open_item.hpp"
#include "matching/manual_match.hpp"
#include "storage/match_decisions.hpp"

namespace recon::api {

// POST /v1/open-items: a JSON array of items (the whole body within limits.bytes_max), or with
// `ndjson` one item per line (each line within limits.bytes_max; blank lines skipped).
// Items without a company get `default_company`.
Result<std::vector<OpenItem>> DecodeOpenItems(std::string_view body, bool ndjson, const std::string& default_company,
                                              const JsonLimits& limits);

// POST /v1/matches/review: {"decisions": [{"id": "mt_…", "action": "approve" | "reject"}, …]},
// 1 to kReviewDecisionsMax (api/handlers.hpp) decisions (kLimitExceeded beyond), each match once.
Result<std::vector<storage::ReviewDecision>> DecodeReviewDecisions(const nlohmann::json& body);

// POST /v1/matches: {"line_ids": ["ln_…", …], "allocations": [{"external_id", "amount"}, …],
// "write_off": {"amount", "account"}?}, 1 to kManualMatchPartsMax lines and allocations, each
// line and each item once. Amounts stay text: the matcher reads them in the lines' currency.
Result<matching::ManualMatchRequest> DecodeManualMatch(const nlohmann::json& body);

}  // namespace recon::api
