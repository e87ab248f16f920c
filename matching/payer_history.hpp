// What recond has learned about who pays for whom: payer identity (an account or a
// normalised name) -> partner, with counts of confirmations and rejections. Built by
// the daemon from the database for one run, then only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "recon/payer.hpp"

namespace recon::matching {

struct PayerEvidence {
  std::string partner_id;
  int32_t confirmations = 0;  // applied or approved matches
  int32_t rejections = 0;     // proposals a person rejected
};

class PayerHistory {
 public:
  // Adds what the store holds for one identity and partner.
  void Add(IdentityKind kind, const std::string& key, PayerEvidence evidence);

  // The one partner this identity pays for: net confirmations (confirmations - rejections)
  // of at least `net_min`, and no other partner with any positive net. nullopt otherwise.
  std::optional<std::string> PartnerOf(IdentityKind kind, const std::string& key, int net_min = 1) const;

  size_t size() const { return by_account_.size() + by_name_.size(); }

 private:
  using Table = std::unordered_map<std::string, std::vector<PayerEvidence>>;
  Table by_account_;
  Table by_name_;
};

}  // namespace recon::matching
