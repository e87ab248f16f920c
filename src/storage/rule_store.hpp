// Rule sets per company and bank account, changeable at run time (GET/PUT /v1/rules).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "matching/rule_set.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

class RuleStore {
 public:
  explicit RuleStore(ConnectionPool& pool) : pool_(pool) {}

  // The stored rule set of (company, account); account "" is the company-wide one. nullopt when none is stored.
  Result<std::optional<matching::RuleSet>> Get(const std::string& company, const std::string& account);
  // Every stored rule set of the company, by account ("" = company-wide).
  Result<std::map<std::string, matching::RuleSet>> All(PgConnection& conn, const std::string& company);
  // Stores a validated rule set (replaces the previous one).
  Status Put(const std::string& company, const std::string& account, const matching::RuleSet& rules);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
