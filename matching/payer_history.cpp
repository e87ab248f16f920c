#include "matching/payer_history.hpp"

namespace recon::matching {

void PayerHistory::Add(IdentityKind kind, const std::string& key, PayerEvidence evidence) {
  if (key.empty()) return;
  (kind == IdentityKind::kAccount ? by_account_ : by_name_)[key].push_back(std::move(evidence));
}

std::optional<std::string> PayerHistory::PartnerOf(IdentityKind kind, const std::string& key, int net_min) const {
  const Table& table = kind == IdentityKind::kAccount ? by_account_ : by_name_;
  auto it = table.find(key);
  if (it == table.end()) return std::nullopt;
  const PayerEvidence* best = nullptr;
  for (const PayerEvidence& e : it->second) {
    if (e.confirmations - e.rejections <= 0) continue;
    if (best) return std::nullopt;  // the identity pays for two partners: not evidence of either
    best = &e;
  }
  if (!best || best->confirmations - best->rejections < net_min) return std::nullopt;
  return best->partner_id;
}

}  // namespace recon::matching
