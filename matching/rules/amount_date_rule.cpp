// amount_date: no reference, no known payer; an open item with exactly the amount whose
// due date (or issue date) lies within the rule's window around the booking date.
#include <algorithm>

#include "matching/engine.hpp"
#include "matching/rules/rule_eval.hpp"

namespace recon::matching {
namespace {

constexpr size_t kCommonAmountItemsMax = 5;
constexpr double kAmbiguousPenalty = 0.2;

bool InWindow(const OpenItem& item, const Date& booking, const Rule& rule) {
  const std::optional<Date> anchor = item.due_date ? item.due_date : item.issue_date;
  if (!anchor) return true;
  const int32_t days = booking.DaysSince(*anchor);
  return days >= -rule.date_window_before_days && days <= rule.date_window_after_days;
}

}  // namespace

std::vector<Candidate> EvaluateAmountDate(const RuleInput& in) {
  std::vector<Candidate> out;
  const StatementLine& line = in.line.line;
  const auto& items = in.ctx.index.items();
  std::vector<uint32_t> fits;
  // Receivables and ledger entries carry the line's sign; payables the opposite one.
  for (int64_t wanted : {line.amount.minor, -line.amount.minor}) {
    for (uint32_t pos : in.ctx.index.ByOpenAmount(wanted, line.amount.currency.code())) {
      const OpenItem& item = items[pos];
      if (!Eligible(item, line, in.rule) || OpenOnLineSide(item) != line.amount.minor) continue;
      if (InWindow(item, line.booking_date, in.rule)) fits.push_back(pos);
    }
  }
  std::sort(fits.begin(), fits.end());
  fits.erase(std::unique(fits.begin(), fits.end()), fits.end());
  if (fits.size() > kCommonAmountItemsMax) return out;  // too common an amount to say anything
  const double confidence = in.rule.confidence - (fits.size() > 1 ? kAmbiguousPenalty : 0);
  for (uint32_t pos : fits) {
    auto c = SettleWhole(in, {pos}, confidence, "no reference; the amount and date fit");
    if (c) {
      if (fits.size() > 1) c->explanation += "; " + std::to_string(fits.size()) + " open items have this amount";
      out.push_back(std::move(*c));
    }
  }
  return out;
}

}  // namespace recon::matching
