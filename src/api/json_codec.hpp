// The JSON shapes of ../shared/API.md, in one place: domain values to JSON and back.
// Amounts are decimal strings, dates YYYY-MM-DD; nothing here touches a double.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "jobs/run_store.hpp"
#include "recon/match.hpp"
#include "recon/open_item.hpp"
#include "recon/statement.hpp"
#include "storage/match_reads.hpp"
#include "storage/statement_store.hpp"

namespace recon::api {

using Json = nlohmann::json;

// A line in the common form (without id, statement_id and status, as `recond parse` prints it).
Json LineToJson(const StatementLine& line);
// A stored line: the common form with id, statement_id and status.
Json StoredLineToJson(const storage::StoredLine& line);
// A parsed file as `recond parse` prints it.
Json ParsedFileToJson(const ParsedFile& file);
// A stored statement as GET /v1/statements shows it.
Json StoredStatementToJson(const storage::StoredStatement& s);
// The short form in the POST /v1/statements answer.
Json UploadedStatementToJson(const storage::StoredStatement& s);
Json OpenItemToJson(const OpenItem& item);
Json MatchToJson(const storage::StoredMatch& m);
Json RunToJson(const jobs::StoredRun& run);
// A decision not (yet) stored: dry runs and candidates. Lines and items by their public ids.
Json DecisionToJson(const MatchDecision& d);

// An open item from the POST /v1/open-items shape. `where` names it in errors ("item 3").
// kInvalidRequest / kInvalidAmount / kUnknownCurrency / kInvalidDate with the field named.
Result<OpenItem> OpenItemFromJson(const Json& j, const std::string& default_company, const std::string& where);

// Minor units as a decimal string in the currency's exponent.
std::string AmountText(int64_t minor, std::string_view currency);

}  // namespace recon::api
