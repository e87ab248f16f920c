#include "matching/rule_set.hpp"

#include <set>

#include "recon/json.hpp"
#include "recon/money.hpp"

namespace recon::matching {
namespace {

struct KindName {
  RuleKind kind;
  std::string_view name;
};

constexpr KindName kKinds[] = {
    {RuleKind::kStructuredReference, "structured_reference"}, {RuleKind::kDocumentNumber, "document_number"},
    {RuleKind::kPayerSubset, "payer_subset"},                 {RuleKind::kKnownPayer, "known_payer"},
    {RuleKind::kAmountDate, "amount_date"},                   {RuleKind::kManyToMany, "many_to_many"},
};

constexpr int kDaysWindowMax = 3660;
constexpr size_t kCandidatesMax = 200;
constexpr size_t kSearchNodesMax = 50'000'000;
constexpr size_t kGroupSizeMax = 12;

using Json = nlohmann::json;

Error Bad(size_t index, const std::string& name, const std::string& what) {
  return MakeError(ErrorCode::kInvalidRuleSet,
                   "rule " + std::to_string(index) + (name.empty() ? "" : " ('" + name + "')") + ": " + what,
                   "/rules/" + std::to_string(index));
}

// "2.5" percent -> 250 basis points, exactly.
Result<int32_t> PercentToBasisPoints(const Json& v) {
  if (!v.is_string()) return MakeError(ErrorCode::kInvalidRuleSet, "percent must be a decimal string such as \"2.5\"");
  auto bp = ParseMinorUnits(v.get<std::string>(), 2, DecimalSeparator::kPoint);
  if (!bp || *bp < 0 || *bp > 100'00) {
    return MakeError(ErrorCode::kInvalidRuleSet, "percent must be between \"0\" and \"100\" with at most two decimals");
  }
  return static_cast<int32_t>(*bp);
}

Result<double> Fraction(const Json& v, const char* field, double max) {
  if (!v.is_number()) return MakeError(ErrorCode::kInvalidRuleSet, std::string(field) + " must be a number");
  const double d = v.get<double>();
  if (!(d >= 0 && d <= max)) {
    return MakeError(ErrorCode::kInvalidRuleSet, std::string(field) + " must be between 0 and " + std::to_string(max));
  }
  return d;
}

template <class T>
Result<T> Whole(const Json& v, const char* field, int64_t min, int64_t max) {
  if (!v.is_number_integer()) return MakeError(ErrorCode::kInvalidRuleSet, std::string(field) + " must be a whole number");
  const int64_t n = v.get<int64_t>();
  if (n < min || n > max) {
    return MakeError(ErrorCode::kInvalidRuleSet, std::string(field) + " must be between " + std::to_string(min) +
                                                     " and " + std::to_string(max));
  }
  return static_cast<T>(n);
}

Result<Tolerance> ParseTolerance(const Json& t) {
  Tolerance out;
  if (!t.is_object()) return MakeError(ErrorCode::kInvalidRuleSet, "tolerance must be an object");
  for (auto it = t.begin(); it != t.end(); ++it) {
    if (it.key() == "absolute") {
      if (!it->is_string()) return MakeError(ErrorCode::kInvalidRuleSet, "tolerance.absolute must be a decimal string such as \"20.00\"");
      // Minor units at exponent 2; rules for zero- or three-decimal currencies state them in that scale.
      auto minor = ParseMinorUnits(it->get<std::string>(), 2, DecimalSeparator::kPoint);
      if (!minor || *minor < 0) return MakeError(ErrorCode::kInvalidRuleSet, "tolerance.absolute must be a non-negative amount");
      out.absolute_minor = *minor;
    } else if (it.key() == "percent") {
      auto bp = PercentToBasisPoints(*it);
      if (!bp) return MakeError(ErrorCode::kInvalidRuleSet, "tolerance." + bp.error().message);
      out.percent_bp = *bp;
    } else if (it.key() == "write_off_account") {
      if (!it->is_string()) return MakeError(ErrorCode::kInvalidRuleSet, "tolerance.write_off_account must be a string");
      out.write_off_account = it->get<std::string>();
    } else {
      return MakeError(ErrorCode::kInvalidRuleSet, "tolerance has an unknown field '" + it.key() + "'");
    }
  }
  if (out.enabled() && out.write_off_account.empty()) {
    return MakeError(ErrorCode::kInvalidRuleSet, "a tolerance needs the write_off_account that takes the difference");
  }
  return out;
}

// The setters of a rule's fields: each reads one JSON value into the rule, or says what is
// wrong with it (kInvalidRuleSet, without the rule prefix). `key` is the field's name.
using Setter = Status (*)(Rule& r, const std::string& key, const Json& v);

Status ReadBefore(Rule&, const std::string&, const Json&) { return Status::Ok(); }

template <bool Rule::*field>
Status SetFlag(Rule& r, const std::string& key, const Json& v) {
  if (!v.is_boolean()) return MakeError(ErrorCode::kInvalidRuleSet, key + " must be true or false");
  r.*field = v.get<bool>();
  return Status::Ok();
}

Status SetFraction(double& field, const std::string& key, const Json& v, double max) {
  auto d = Fraction(v, key.c_str(), max);
  if (!d) return d.error();
  field = *d;
  return Status::Ok();
}

Status SetConfidence(Rule& r, const std::string& key, const Json& v) { return SetFraction(r.confidence, key, v, 1.0); }

// Above 1 no decision reaches it: the rule only proposes.
Status SetAutoApplyThreshold(Rule& r, const std::string& key, const Json& v) {
  return SetFraction(r.auto_apply_threshold, key, v, 2.0);
}

template <size_t Rule::*field, int64_t min, int64_t max>
Status SetCount(Rule& r, const std::string& key, const Json& v) {
  auto n = Whole<size_t>(v, key.c_str(), min, max);
  if (!n) return n.error();
  r.*field = *n;
  return Status::Ok();
}

Status SetTolerance(Rule& r, const std::string&, const Json& v) {
  auto t = ParseTolerance(v);
  if (!t) return t.error();
  r.tolerance = *t;
  return Status::Ok();
}

Status SetDateWindow(Rule& r, const std::string&, const Json& v) {
  if (!v.is_array() || v.size() != 2) {
    return MakeError(ErrorCode::kInvalidRuleSet, "date_window_days must be [days_before, days_after]");
  }
  auto before = Whole<int>(v[0], "date_window_days[0]", 0, kDaysWindowMax);
  if (!before) return before.error();
  auto after = Whole<int>(v[1], "date_window_days[1]", 0, kDaysWindowMax);
  if (!after) return after.error();
  r.date_window_before_days = *before;
  r.date_window_after_days = *after;
  return Status::Ok();
}

Status SetAccounts(Rule& r, const Json& v) {
  if (!v.is_array()) return MakeError(ErrorCode::kInvalidRuleSet, "conditions.accounts must be an array of strings");
  for (const Json& a : v) {
    if (!a.is_string()) return MakeError(ErrorCode::kInvalidRuleSet, "conditions.accounts must be an array of strings");
    r.accounts.push_back(a.get<std::string>());
  }
  return Status::Ok();
}

Status SetDirection(Rule& r, const Json& v) {
  const std::string d = v.is_string() ? v.get<std::string>() : "";
  if (d == "in") r.direction = Direction::kIn;
  else if (d == "out") r.direction = Direction::kOut;
  else if (d == "any") r.direction = Direction::kAny;
  else return MakeError(ErrorCode::kInvalidRuleSet, "conditions.direction must be in, out or any");
  return Status::Ok();
}

Status SetItemKinds(Rule& r, const Json& v) {
  if (!v.is_array()) return MakeError(ErrorCode::kInvalidRuleSet, "conditions.item_kinds must be an array");
  for (const Json& k : v) {
    auto kind = k.is_string() ? ParseOpenItemKind(k.get<std::string>()) : std::nullopt;
    if (!kind) {
      return MakeError(ErrorCode::kInvalidRuleSet,
                       "conditions.item_kinds holds an unknown kind; use receivable, payable or ledger");
    }
    r.item_kinds.push_back(*kind);
  }
  return Status::Ok();
}

Status SetConditions(Rule& r, const std::string&, const Json& v) {
  if (!v.is_object()) return MakeError(ErrorCode::kInvalidRuleSet, "conditions must be an object");
  for (auto it = v.begin(); it != v.end(); ++it) {
    Status s;
    if (it.key() == "accounts") s = SetAccounts(r, *it);
    else if (it.key() == "direction") s = SetDirection(r, *it);
    else if (it.key() == "item_kinds") s = SetItemKinds(r, *it);
    else return MakeError(ErrorCode::kInvalidRuleSet, "conditions has an unknown field '" + it.key() + "'");
    if (!s) return s;
  }
  return Status::Ok();
}

// Every field a rule object may have, with the setter that reads it.
struct RuleField {
  std::string_view key;
  Setter set;
};

constexpr RuleField kRuleFields[] = {
    {"name", ReadBefore},  // name and kind are read before the other fields
    {"kind", ReadBefore},
    {"enabled", SetFlag<&Rule::enabled>},
    {"allow_partial", SetFlag<&Rule::allow_partial>},
    {"allow_overpayment", SetFlag<&Rule::allow_overpayment>},
    {"confidence", SetConfidence},
    {"auto_apply_threshold", SetAutoApplyThreshold},
    {"tolerance", SetTolerance},
    {"date_window_days", SetDateWindow},
    {"candidates_max", SetCount<&Rule::candidates_max, 1, kCandidatesMax>},
    {"search_nodes_max", SetCount<&Rule::search_nodes_max, 1, kSearchNodesMax>},
    {"group_size_max", SetCount<&Rule::group_size_max, 2, kGroupSizeMax>},
    {"conditions", SetConditions},
};

// Applies one field of a rule object; kInvalidRuleSet (without the rule prefix) when wrong.
Status ApplyField(Rule& r, const std::string& key, const Json& v) {
  for (const RuleField& field : kRuleFields) {
    if (field.key == key) return field.set(r, key, v);
  }
  return MakeError(ErrorCode::kInvalidRuleSet, "unknown field '" + key + "'");
}

Rule Make(std::string name, RuleKind kind, double confidence, double threshold) {
  Rule r;
  r.name = std::move(name);
  r.kind = kind;
  r.confidence = confidence;
  r.auto_apply_threshold = threshold;
  return r;
}

}  // namespace

int64_t Tolerance::AllowedFor(int64_t total) const {
  const __int128 magnitude = total < 0 ? -static_cast<__int128>(total) : total;
  int64_t allowed = absolute_minor > 0 ? absolute_minor : INT64_MAX;
  if (percent_bp > 0) {
    const __int128 by_percent = magnitude * percent_bp / 10'000;
    if (by_percent < allowed) allowed = static_cast<int64_t>(by_percent);
  }
  return enabled() ? allowed : 0;
}

std::string_view RuleKindName(RuleKind kind) {
  for (const KindName& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "structured_reference";
}

std::optional<RuleKind> ParseRuleKind(std::string_view name) {
  for (const KindName& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

RuleSet DefaultRuleSet() {
  RuleSet set;
  Rule reference = Make("structured_reference", RuleKind::kStructuredReference, 0.99, 0.95);
  reference.allow_partial = true;
  set.rules.push_back(reference);

  Rule document = Make("document_number", RuleKind::kDocumentNumber, 0.97, 0.95);
  document.tolerance = Tolerance{20'00, 2'00, "bank-fees"};
  set.rules.push_back(document);

  // Without any reference the evidence is the payer and the amount: worth a proposal,
  // never certain enough to apply on its own.
  set.rules.push_back(Make("payer_subset", RuleKind::kPayerSubset, 0.8, 1.01));
  set.rules.push_back(Make("known_payer", RuleKind::kKnownPayer, 0.85, 1.01));
  set.rules.push_back(Make("amount_date", RuleKind::kAmountDate, 0.6, 1.01));
  return set;
}

Result<RuleSet> ParseRuleSet(const Json& doc) {
  if (!doc.is_object() || !doc.contains("rules") || !doc["rules"].is_array()) {
    return MakeError(ErrorCode::kInvalidRuleSet, "a rule set is an object with a \"rules\" array", "/");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "rules") return MakeError(ErrorCode::kInvalidRuleSet, "unknown field '" + it.key() + "'", "/");
  }
  RuleSet set;
  std::set<std::string> names;
  const Json& rules = doc["rules"];
  for (size_t i = 0; i < rules.size(); ++i) {
    const Json& j = rules[i];
    if (!j.is_object()) return Bad(i, "", "must be an object");
    const std::string name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : "";
    if (name.empty()) return Bad(i, "", "needs a name");
    if (!names.insert(name).second) return Bad(i, name, "the name is used twice");
    const std::string kind_name = j.contains("kind") && j["kind"].is_string() ? j["kind"].get<std::string>() : "";
    auto kind = ParseRuleKind(kind_name);
    if (!kind) {
      return Bad(i, name, "kind '" + kind_name + "' is unknown; use structured_reference, document_number, "
                          "payer_subset, known_payer, amount_date or many_to_many");
    }
    Rule r;
    r.name = name;
    r.kind = *kind;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (Status s = ApplyField(r, it.key(), *it); !s) return Bad(i, name, s.error().message);
    }
    set.rules.push_back(std::move(r));
  }
  if (set.rules.empty()) return MakeError(ErrorCode::kInvalidRuleSet, "the rule set has no rules", "/rules");
  return set;
}

Result<RuleSet> ParseRuleSetText(std::string_view text) {
  auto doc = ParseJson(text, kJsonAnyLength, "the rule set");
  if (!doc) return MakeError(ErrorCode::kInvalidRuleSet, doc.error().message, doc.error().location);
  return ParseRuleSet(*doc);
}

Json RuleSetToJson(const RuleSet& set) {
  Json rules = Json::array();
  for (const Rule& r : set.rules) {
    Json j = {{"name", r.name},
              {"kind", std::string(RuleKindName(r.kind))},
              {"enabled", r.enabled},
              {"confidence", r.confidence},
              {"auto_apply_threshold", r.auto_apply_threshold},
              {"allow_partial", r.allow_partial},
              {"allow_overpayment", r.allow_overpayment},
              {"date_window_days", {r.date_window_before_days, r.date_window_after_days}},
              {"candidates_max", r.candidates_max},
              {"search_nodes_max", r.search_nodes_max},
              {"group_size_max", r.group_size_max}};
    if (r.tolerance.enabled()) {
      j["tolerance"] = {{"absolute", FormatMinorUnits(r.tolerance.absolute_minor, 2)},
                        {"percent", FormatMinorUnits(r.tolerance.percent_bp, 2)},
                        {"write_off_account", r.tolerance.write_off_account}};
    }
    Json conditions = Json::object();
    if (!r.accounts.empty()) conditions["accounts"] = r.accounts;
    if (r.direction != Direction::kAny) conditions["direction"] = r.direction == Direction::kIn ? "in" : "out";
    if (!r.item_kinds.empty()) {
      Json kinds = Json::array();
      for (OpenItemKind k : r.item_kinds) kinds.push_back(std::string(OpenItemKindName(k)));
      conditions["item_kinds"] = kinds;
    }
    if (!conditions.empty()) j["conditions"] = conditions;
    rules.push_back(std::move(j));
  }
  return Json{{"rules", rules}};
}

}  // namespace recon::matching
