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

Result<ManualMatchBody> DecodeManualMatch(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("line_ids") || !j["line_ids"].is_array() || j["line_ids"].empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "line_ids must be a non-empty array of line ids");
  }
  ManualMatchBody out;
  for (const nlohmann::json& l : j["line_ids"]) {
    auto id = l.is_string() ? util::ParseId(util::kLinePrefix, l.get<std::string>()) : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "line_ids holds something that is not a line id (ln_…)");
    out.line_ids.push_back(*id);
  }
  if (!j.contains("allocations") || !j["allocations"].is_array() || j["allocations"].empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "allocations must be a non-empty array of {external_id, amount}");
  }
  for (size_t i = 0; i < j["allocations"].size(); ++i) {
    const nlohmann::json& a = j["allocations"][i];
    const std::string where = "allocations[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("external_id") || !a["external_id"].is_string() || !a.contains("amount") ||
        !a["amount"].is_string()) {
      return MakeError(ErrorCode::kInvalidRequest, where + " must be {\"external_id\": string, \"amount\": decimal string}");
    }
    if (a["external_id"].get<std::string>().find('\0') != std::string::npos) {
      return MakeError(ErrorCode::kInvalidRequest, where + ".external_id must not hold a NUL character");
    }
    out.allocations.emplace_back(a["external_id"].get<std::string>(), a["amount"].get<std::string>());
  }
  return out;
}

}  // namespace recon::api
