#include "matching/manual_match.hpp"

#include <map>
#include <set>

namespace recon::matching {
namespace {

struct Ctx {
  std::string currency;
  int exponent = 2;

  std::string Amount(int64_t minor) const { return FormatMinorUnits(minor, exponent) + " " + currency; }
};

int Sign(int64_t v) { return (v > 0) - (v < 0); }

// |v| without overflow, INT64_MIN included.
uint64_t Magnitude(int64_t v) { return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

std::string LineName(const ManualLine& l) { return "ln_" + std::to_string(l.id); }
std::string BankReference(const ManualLine& l) {
  return l.bank_reference ? " (bank reference " + *l.bank_reference + ")" : "";
}

// The lines in request order with what is open of each, all in one currency; their open total.
struct LinesChecked {
  std::vector<const ManualLine*> lines;
  std::vector<int64_t> open;
  int64_t total = 0;
};

Result<LinesChecked> CheckLines(const ManualMatchRequest& request, const std::vector<ManualLine>& stored, Ctx& ctx) {
  std::map<int64_t, const ManualLine*> by_id;
  for (const ManualLine& l : stored) by_id[l.id] = &l;
  LinesChecked out;
  for (size_t i = 0; i < request.line_ids.size(); ++i) {
    const std::string where = "line_ids[" + std::to_string(i) + "]";
    auto it = by_id.find(request.line_ids[i]);
    if (it == by_id.end()) {
      return MakeError(ErrorCode::kNotFound, "there is no line ln_" + std::to_string(request.line_ids[i]), where);
    }
    const ManualLine& l = *it->second;
    if (i == 0) {
      ctx.currency = l.currency;
      const auto known = Currency::FromCode(l.currency);
      ctx.exponent = known ? known->exponent() : 2;
    } else if (l.currency != ctx.currency) {
      return MakeError(ErrorCode::kCurrencyMismatch,
                       "line " + LineName(l) + BankReference(l) + " is in " + l.currency + ", line_ids[0] in " +
                           ctx.currency,
                       where);
    }
    // Stored lines keep matched_amount within amount (a database constraint), so this cannot overflow.
    const int64_t open = l.amount - l.matched_amount;
    if (l.ignored) {
      return MakeError(ErrorCode::kConflict, "line " + LineName(l) + " is already ignored" + BankReference(l), where);
    }
    if (open == 0) {
      return MakeError(ErrorCode::kConflict, "line " + LineName(l) + " is already fully matched" + BankReference(l), where);
    }
    auto total = CheckedAdd(out.total, open);
    if (!total) return MakeError(ErrorCode::kAmountOverflow, "the lines' open amounts add up beyond what recond can count", where);
    out.total = *total;
    out.lines.push_back(&l);
    out.open.push_back(open);
  }
  return out;
}

// One allocation checked against its item: the amount in item terms, and on the line side.
struct AllocationChecked {
  Allocation allocation;
  int64_t line_side = 0;
};

Result<AllocationChecked> CheckAllocation(const ManualAllocation& a, const ManualItem* item, const Ctx& ctx,
                                          const std::string& where) {
  if (!item) return MakeError(ErrorCode::kNotFound, "there is no open item '" + a.external_id + "'", where + ".external_id");
  if (item->currency != ctx.currency) {
    return MakeError(ErrorCode::kCurrencyMismatch,
                     "open item " + a.external_id + " is in " + item->currency + ", the lines in " + ctx.currency,
                     where + ".external_id");
  }
  auto amount = ParseMinorUnits(a.amount, ctx.exponent, DecimalSeparator::kPoint);
  if (!amount) return MakeError(amount.error().code, amount.error().message, where + ".amount");
  const int64_t v = *amount;
  if (v == 0) return MakeError(ErrorCode::kInvalidAmount, "an allocation must not be zero", where + ".amount");
  if (Sign(v) != Sign(item->amount)) {
    return MakeError(ErrorCode::kInvalidAmount,
                     ctx.Amount(v) + " has the opposite sign of open item " + a.external_id + " (" +
                         ctx.Amount(item->amount) + "): an allocation settles part of its item and has its sign",
                     where + ".amount");
  }
  if (item->residual == 0) {
    return MakeError(ErrorCode::kConflict, "open item " + a.external_id + " is settled already: nothing of its " +
                                               ctx.Amount(item->amount) + " is open", where + ".amount");
  }
  // Same sign as the item (checked above) and as its residual (a database constraint).
  if (Magnitude(v) > Magnitude(item->residual)) {
    return MakeError(ErrorCode::kConflict, ctx.Amount(v) + " is more than the " + ctx.Amount(item->residual) +
                                               " open of open item " + a.external_id, where + ".amount");
  }
  AllocationChecked out;
  out.allocation = {item->id, a.external_id, v};
  // Money out settles a payable: its allocation counts negative on the line side.
  auto line_side = item->kind == OpenItemKind::kPayable ? CheckedSub(0, v) : std::optional<int64_t>(v);
  if (!line_side) return MakeError(ErrorCode::kAmountOverflow, "the amount is beyond what recond can count", where + ".amount");
  out.line_side = *line_side;
  return out;
}

// The rule of `rules` whose tolerance books to `account` and allows `difference` for items
// totalling `items_total`; an error naming what is allowed otherwise.
Result<const Rule*> ToleranceFor(const RuleSet& rules, const std::string& line_account, const std::string& account,
                                 int64_t difference, int64_t items_total, const Ctx& ctx) {
  std::set<std::string> accounts;
  const Rule* widest = nullptr;
  for (const Rule& r : rules.rules) {
    if (!r.enabled || !r.tolerance.enabled()) continue;
    accounts.insert(r.tolerance.write_off_account);
    if (r.tolerance.write_off_account != account) continue;
    if (Magnitude(difference) <= static_cast<uint64_t>(r.tolerance.AllowedFor(items_total))) return &r;
    if (!widest || r.tolerance.AllowedFor(items_total) > widest->tolerance.AllowedFor(items_total)) widest = &r;
  }
  if (!widest) {
    std::string known;
    for (const std::string& a : accounts) known += (known.empty() ? "" : ", ") + a;
    return MakeError(ErrorCode::kInvalidRequest,
                     "'" + account + "' is no write-off account of the rule set in force for account " + line_account +
                         (known.empty() ? " (it allows no write-off)" : " (use " + known + ")"),
                     "write_off.account");
  }
  return MakeError(ErrorCode::kInvalidAmount,
                   "a write-off of " + ctx.Amount(difference) + " is beyond the tolerance of rule '" + widest->name +
                       "' for account " + line_account + ": at most " +
                       ctx.Amount(widest->tolerance.AllowedFor(items_total)) + " for items of " +
                       ctx.Amount(items_total),
                   "write_off.amount");
}

// The write-off the difference (allocations - lines, line terms) needs: none when it is zero
// and none was sent; else exactly the one sent, within the tolerance of the rule set in
// force for every account of the lines.
Result<std::optional<WriteOff>> CheckWriteOff(const ManualMatchRequest& request, const LinesChecked& lines,
                                              int64_t difference, int64_t items_total, const Ctx& ctx,
                                              const RulesForAccount& rules_for) {
  if (!request.write_off) {
    if (difference == 0) return std::optional<WriteOff>();
    return MakeError(ErrorCode::kInvalidRequest,
                     "the allocations add up to " + ctx.Amount(items_total) + " but the lines' open amount is " +
                         ctx.Amount(lines.total) + "; make them equal, or send the difference " +
                         ctx.Amount(difference) + " as write_off {amount, account}",
                     "allocations");
  }
  auto amount = ParseMinorUnits(request.write_off->amount, ctx.exponent, DecimalSeparator::kPoint);
  if (!amount) return MakeError(amount.error().code, amount.error().message, "write_off.amount");
  if (*amount == 0) {
    return MakeError(ErrorCode::kInvalidAmount, "a write-off must not be zero; leave write_off out when the match nets",
                     "write_off.amount");
  }
  if (*amount != difference) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "the write-off is " + ctx.Amount(*amount) + " but the allocations (" + ctx.Amount(items_total) +
                         ") less the lines' open amount (" + ctx.Amount(lines.total) + ") are " +
                         ctx.Amount(difference),
                     "write_off.amount");
  }
  std::set<std::string> seen;
  for (const ManualLine* l : lines.lines) {
    if (!seen.insert(l->account).second) continue;
    auto rule = ToleranceFor(rules_for(l->account), l->account, request.write_off->account, difference, items_total, ctx);
    if (!rule) return rule.take_error();
  }
  return std::optional<WriteOff>(WriteOff{difference, request.write_off->account});
}

}  // namespace

Result<MatchDecision> CheckManualMatch(const ManualMatchRequest& request, const std::vector<ManualLine>& lines,
                                       const std::vector<ManualItem>& items, const RulesForAccount& rules_for) {
  if (request.line_ids.empty()) return MakeError(ErrorCode::kInvalidRequest, "a manual match needs a line", "line_ids");
  if (request.allocations.empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "a manual match needs an allocation", "allocations");
  }
  Ctx ctx;
  auto checked_lines = CheckLines(request, lines, ctx);
  if (!checked_lines) return checked_lines.take_error();

  std::map<std::string, const ManualItem*> by_external_id;
  for (const ManualItem& item : items) by_external_id[item.external_id] = &item;
  MatchDecision d;
  int64_t items_total = 0;  // line side
  for (size_t i = 0; i < request.allocations.size(); ++i) {
    const ManualAllocation& a = request.allocations[i];
    const std::string where = "allocations[" + std::to_string(i) + "]";
    auto found = by_external_id.find(a.external_id);
    auto checked = CheckAllocation(a, found == by_external_id.end() ? nullptr : found->second, ctx, where);
    if (!checked) return checked.take_error();
    auto total = CheckedAdd(items_total, checked->line_side);
    if (!total) {
      return MakeError(ErrorCode::kAmountOverflow, "the allocations add up beyond what recond can count",
                       where + ".amount");
    }
    items_total = *total;
    d.allocations.push_back(std::move(checked->allocation));
  }
  auto difference = CheckedSub(items_total, checked_lines->total);
  if (!difference) {
    return MakeError(ErrorCode::kAmountOverflow,
                     "the allocations and the lines differ by more than recond can count", "allocations");
  }
  auto write_off = CheckWriteOff(request, *checked_lines, *difference, items_total, ctx, rules_for);
  if (!write_off) return write_off.take_error();

  for (size_t i = 0; i < checked_lines->lines.size(); ++i) {
    d.line_ids.push_back(checked_lines->lines[i]->id);
    d.line_amounts.push_back(checked_lines->open[i]);
  }
  d.currency = ctx.currency;
  d.write_off = std::move(*write_off);
  d.rule = "manual";
  d.confidence = 1.0;
  d.outcome = MatchOutcome::kApply;
  d.explanation = "matched by hand";
  if (d.write_off) {
    d.explanation += "; the difference " + ctx.Amount(d.write_off->amount) + " goes to " + d.write_off->account +
                     " (within the rule set's tolerance)";
  }
  // A match's allocations (line terms) less its write-off are its lines, whatever was sent.
  if (items_total - (d.write_off ? d.write_off->amount : 0) != checked_lines->total) {
    return MakeError(ErrorCode::kInternal, "a manual match that does not net passed its checks");
  }
  return d;
}

}  // namespace recon::matching
