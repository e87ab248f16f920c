#include "api/request_bodies.hpp"

#include <map>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "util/ids.hpp"

namespace recon::api {

Result<std::vector<OpenItem>> DecodeOpenItems(std::string_view body, bool ndjson, const std::string& default_company,
                                              const JsonLimits& limits) {
  std::vector<OpenItem> items;
  if (ndjson) {
    size_t start = 0, line_no = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      ++line_no;
      const std::string_view line = body.substr(start, end - start);
      start = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      const std::string where = "line " + std::to_string(line_no);
      auto j = ParseJson(line, limits, where);
      if (!j) return j.take_error();
      auto item = OpenItemFromJson(*j, default_company, where);
      if (!item) return item.take_error();
      items.push_back(std::move(*item));
    }
    return items;
  }
  if (body.empty()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON array of open items (or NDJSON)");
  auto j = ParseJson(body, limits, "the body");
  if (!j) return j.take_error();
  if (!j->is_array()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON array of open items (or NDJSON)");
  items.reserve(j->size());
  for (size_t i = 0; i < j->size(); ++i) {
    auto item = OpenItemFromJson((*j)[i], default_company, "item " + std::to_string(i));
    if (!item) return item.take_error();
    items.push_back(std::move(*item));
  }
  return items;
}

Result<std::vector<storage::ReviewDecision>> DecodeReviewDecisions(const nlohmann::json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  auto list = body.find("decisions");
  if (list == body.end() || !list->is_array() || list->empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "decisions must be a non-empty array of {id, action}", "decisions");
  }
  if (list->size() > kReviewDecisionsMax) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(list->size()) + " decisions; one review takes at most " +
                         std::to_string(kReviewDecisionsMax) + " (send the rest in another)",
                     "decisions");
  }
  std::vector<storage::ReviewDecision> decisions;
  decisions.reserve(list->size());
  std::map<int64_t, size_t> seen;  // match id → where it first appeared
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& d = (*list)[i];
    const std::string where = "decisions[" + std::to_string(i) + "]";
    if (!d.is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {id, action}", where);
    auto id_field = d.find("id");
    auto id = id_field != d.end() && id_field->is_string()
                  ? util::ParseId(util::kMatchPrefix, id_field->get<std::string>())
                  : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "id must be a match id (mt_…)", where + ".id");
    auto action = d.find("action");
    if (action == d.end() || !action->is_string() || (*action != "approve" && *action != "reject")) {
      return MakeError(ErrorCode::kInvalidRequest, "action must be \"approve\" or \"reject\"", where + ".action");
    }
    if (auto [first, fresh] = seen.emplace(*id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "match " + id_field->get<std::string>() + " is decided already in decisions[" +
                           std::to_string(first->second) + "]",
                       where + ".id");
    }
    decisions.push_back({*id, *action == "approve"});
  }
  return decisions;
}

namespace {


// A non-empty JSON string at `key` of object `j`, or an error naming `where`.
Result<std::string> RequiredText(const nlohmann::json& j, const char* key, const std::string& where, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    return MakeError(ErrorCode::kInvalidRequest, std::string("must be ") + what, where + "." + key);
  }
  // PostgreSQL text holds no NUL; refused here rather than cut short there.
  if (it->get<std::string>().find('\0') != std::string::npos) {
    return MakeError(ErrorCode::kInvalidRequest, "must not hold a NUL character", where + "." + key);
  }
  return it->get<std::string>();
}

// A non-empty JSON array at `key` of object `j`, at most kManualMatchPartsMax long.
Result<const nlohmann::json*> RequiredList(const nlohmann::json& j, const char* key, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->empty()) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be a non-empty array of " + what, key);
  }
  if (it->size() > kManualMatchPartsMax) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(it->size()) + " entries; a manual match takes at most " +
                         std::to_string(kManualMatchPartsMax),
                     key);
  }
  return &*it;
}

Result<std::vector<int64_t>> ReadLineIds(const nlohmann::json& lines) {
  std::vector<int64_t> out;
  std::map<int64_t, size_t> seen;  // line id → where it first appeared
  for (size_t i = 0; i < lines.size(); ++i) {
    const nlohmann::json& l = lines[i];
    const std::string where = "line_ids[" + std::to_string(i) + "]";
    auto id = l.is_string() ? util::ParseId(util::kLinePrefix, l.get<std::string>()) : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "must be a line id (ln_…)", where);
    if (auto [first, fresh] = seen.emplace(*id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "line " + l.get<std::string>() + " is named already in line_ids[" + std::to_string(first->second) + "]",
                       where);
    }
    out.push_back(*id);
  }
  return out;
}

Result<std::vector<matching::ManualAllocation>> ReadAllocations(const nlohmann::json& allocations) {
  std::vector<matching::ManualAllocation> out;
  std::map<std::string, size_t> seen;  // external id → where it first appeared
  for (size_t i = 0; i < allocations.size(); ++i) {
    const nlohmann::json& a = allocations[i];
    const std::string where = "allocations[" + std::to_string(i) + "]";
    if (!a.is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {external_id, amount}", where);
    auto external_id = RequiredText(a, "external_id", where, "the open item's external id");
    if (!external_id) return external_id.take_error();
    auto amount = RequiredText(a, "amount", where, "a decimal string such as \"1250.00\"");
    if (!amount) return amount.take_error();
    if (auto [first, fresh] = seen.emplace(*external_id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "open item " + *external_id + " is allocated already in allocations[" +
                           std::to_string(first->second) + "]; name each item once with its whole amount",
                       where + ".external_id");
    }
    out.push_back({std::move(*external_id), std::move(*amount)});
  }
  return out;
}

}  // namespace

// The shape of a manual match, checked whole before the store looks at any amount:
// {"line_ids": ["ln_…", …], "allocations": [{"external_id", "amount"}, …],
//  "write_off": {"amount", "account"}?}, each line and each item once.
Result<matching::ManualMatchRequest> DecodeManualMatch(const nlohmann::json& j) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  auto lines = RequiredList(j, "line_ids", "line ids");
  if (!lines) return lines.take_error();
  auto allocations = RequiredList(j, "allocations", "{external_id, amount}");
  if (!allocations) return allocations.take_error();
  matching::ManualMatchRequest out;
  auto line_ids = ReadLineIds(**lines);
  if (!line_ids) return line_ids.take_error();
  out.line_ids = std::move(*line_ids);
  auto parts = ReadAllocations(**allocations);
  if (!parts) return parts.take_error();
  out.allocations = std::move(*parts);
  if (auto w = j.find("write_off"); w != j.end() && !w->is_null()) {
    if (!w->is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {amount, account} or null", "write_off");
    auto amount = RequiredText(*w, "amount", "write_off", "a decimal string such as \"5.00\"");
    if (!amount) return amount.take_error();
    auto account = RequiredText(*w, "account", "write_off", "the write-off account of a rule (\"bank-fees\")");
    if (!account) return account.take_error();
    out.write_off = matching::ManualWriteOff{std::move(*amount), std::move(*account)};
  }
  return out;
}

}  // namespace recon::api
