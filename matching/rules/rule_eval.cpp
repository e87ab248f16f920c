#include "matching/rules/rule_eval.hpp"

#include <algorithm>

#include "matching/engine.hpp"

namespace recon::matching {

int64_t OpenOnLineSide(const OpenItem& item) {
  return item.kind == OpenItemKind::kPayable ? -item.open_amount.minor : item.open_amount.minor;
}

int64_t ToItemTerms(const OpenItem& item, int64_t line_side) {
  return item.kind == OpenItemKind::kPayable ? -line_side : line_side;
}

bool RuleApplies(const Rule& rule, const StatementLine& line) {
  if (!rule.enabled) return false;
  if (rule.direction == Direction::kIn && line.amount.minor <= 0) return false;
  if (rule.direction == Direction::kOut && line.amount.minor >= 0) return false;
  if (!rule.accounts.empty() &&
      std::find(rule.accounts.begin(), rule.accounts.end(), line.account) == rule.accounts.end()) {
    return false;
  }
  return true;
}

bool Eligible(const OpenItem& item, const StatementLine& line, const Rule& rule) {
  if (!(item.open_amount.currency == line.amount.currency) || item.open_amount.minor == 0) return false;
  if (!rule.item_kinds.empty() &&
      std::find(rule.item_kinds.begin(), rule.item_kinds.end(), item.kind) == rule.item_kinds.end()) {
    return false;
  }
  return true;
}

std::string Amount(int64_t minor, const Money& like) {
  return FormatMinorUnits(minor, like.currency.exponent()) + " " + std::string(like.currency.code());
}

std::optional<Candidate> SettleWhole(const RuleInput& in, const std::vector<uint32_t>& items, double confidence,
                                     const std::string& evidence) {
  const StatementLine& line = in.line.line;
  const auto& all = in.ctx.index.items();
  int64_t total = 0;
  for (uint32_t pos : items) total += OpenOnLineSide(all[pos]);
  if (total == 0 || (total > 0) != (line.amount.minor > 0)) return std::nullopt;

  Candidate c;
  c.line_amount_used = line.amount.minor;
  for (uint32_t pos : items) c.allocations.push_back({all[pos].id, all[pos].external_id, all[pos].open_amount.minor});
  std::string names;
  for (uint32_t pos : items) names += (names.empty() ? "" : ", ") + all[pos].external_id;

  const int64_t shortfall = total - line.amount.minor;  // line terms; + means paid less
  if (shortfall == 0) {
    c.confidence = confidence;
    c.explanation = evidence + " " + names + "; amount equal (" + Amount(line.amount.minor, line.amount) + ")";
    return c;
  }
  const Tolerance& tol = in.rule.tolerance;
  const int64_t magnitude = shortfall < 0 ? -shortfall : shortfall;
  const bool paid_less = (shortfall > 0) == (total > 0);
  if (tol.enabled() && magnitude <= tol.AllowedFor(total) && (paid_less || in.rule.allow_overpayment)) {
    c.write_off = WriteOff{shortfall, tol.write_off_account};
    c.confidence = confidence - 0.01;
    c.explanation = evidence + " " + names + "; paid " + Amount(line.amount.minor, line.amount) + " of " +
                    Amount(total, line.amount) + ", the difference " + Amount(shortfall, line.amount) +
                    " goes to " + tol.write_off_account + " (within the rule's tolerance)";
    return c;
  }
  return std::nullopt;
}

std::optional<PayerIdentity> IdentifyPayer(const RuleInput& in) {
  const LineEvidence& ev = in.evidence;
  const OpenItemIndex& index = in.ctx.index;
  if (!ev.account_key.empty()) {
    const auto& partners = index.PartnersByAccount(ev.account_key);
    if (partners.size() == 1) {
      return PayerIdentity{partners[0], "the account " + ev.account_key + " is the ERP's for partner " + partners[0], 1.0};
    }
    if (partners.size() > 1) return std::nullopt;  // one account, several partners: no evidence
    if (auto p = in.ctx.history.PartnerOf(IdentityKind::kAccount, ev.account_key)) {
      return PayerIdentity{*p, "the account " + ev.account_key + " paid for partner " + *p + " before", 0.95};
    }
  }
  if (!ev.name_key.empty()) {
    if (auto p = in.ctx.history.PartnerOf(IdentityKind::kName, ev.name_key)) {
      return PayerIdentity{*p, "the payer '" + ev.name_key + "' paid for partner " + *p + " before", 0.9};
    }
    const auto& partners = index.PartnersByName(ev.name_key);
    if (partners.size() == 1) {
      return PayerIdentity{partners[0], "the payer's name matches partner " + partners[0], 0.8};
    }
  }
  return std::nullopt;
}

}  // namespace recon::matching
