#include "storage/rule_store.hpp"

#include <spdlog/spdlog.h>

namespace recon::storage {
namespace {

constexpr Sql kGet{"get_rule_set", "SELECT rules::text FROM rule_sets WHERE company = $1 AND account = $2"};
constexpr Sql kAll{"all_rule_sets", "SELECT account, rules::text FROM rule_sets WHERE company = $1"};
constexpr Sql kPut{"put_rule_set",
                   "INSERT INTO rule_sets (company, account, rules) VALUES ($1, $2, $3::jsonb)"
                   " ON CONFLICT (company, account) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()"};

}  // namespace

Result<std::optional<matching::RuleSet>> RuleStore::Get(const std::string& company, const std::string& account) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kGet, {company, account});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<matching::RuleSet>();
  auto rules = matching::ParseRuleSetText(r->text(0, 0));
  if (!rules) return rules.take_error();
  return std::optional<matching::RuleSet>(std::move(*rules));
}

Result<std::map<std::string, matching::RuleSet>> RuleStore::All(PgConnection& conn, const std::string& company) {
  auto r = conn.Exec(kAll, {company});
  if (!r) return r.take_error();
  std::map<std::string, matching::RuleSet> out;
  for (int i = 0; i < r->rows(); ++i) {
    auto rules = matching::ParseRuleSetText(r->text(i, 1));
    if (!rules) {
      // Only validated sets are stored; one that no longer validates (an older recond
      // wrote it) is skipped with a warning rather than stopping every run.
      spdlog::warn("rule set of {} account '{}' no longer validates: {}", company, r->text(i, 0),
                   rules.error().ToString());
      continue;
    }
    out.emplace(std::string(r->text(i, 0)), std::move(*rules));
  }
  return out;
}

Status RuleStore::Put(const std::string& company, const std::string& account, const matching::RuleSet& rules) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kPut, {company, account, matching::RuleSetToJson(rules).dump()});
  if (!r) return r.take_error();
  return Status::Ok();
}

}  // namespace recon::storage
