// many_to_many: groups of bank lines and open items (typically ledger entries) that net
// to zero within a date window, for ledger against bank account reconciliation.
//
// Runs after Settle over everything the per-line rules left open (see engine.hpp). For
// each open line (the anchor), in id order, the nearest lines and items within the
// rule's window form a pool of at most candidates_max; group_search finds the minimal
// groups that hold the anchor. A group is applied only when it is provably the only one
// for every member (each member's own search finds exactly it, completely); anything
// less is a proposal with the alternatives.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "matching/engine.hpp"
#include "matching/group_search.hpp"
#include "matching/rules/rule_eval.hpp"
#include "recon/assert.hpp"

namespace recon::matching {
namespace {

constexpr size_t kGroupsPerAnchorMax = 3;      // groups looked for around one anchor
constexpr size_t kPoolScanMax = 10'000;        // entries looked at to fill one pool; beyond: incomplete
constexpr double kAmbiguousPenalty = 0.2;
constexpr double kWriteOffPenalty = 0.01;

// A member of a group: a line (index into `lines`) or an item (position in the index).
// Lines are encoded >= 0, items as -(position + 1), so that a group sorts into one key.
using MemberKey = int64_t;
MemberKey LineKey(size_t line) { return static_cast<MemberKey>(line); }
MemberKey ItemKey(uint32_t pos) { return -static_cast<MemberKey>(pos) - 1; }
bool IsLine(MemberKey k) { return k >= 0; }
uint32_t ItemPos(MemberKey k) { return static_cast<uint32_t>(-(k + 1)); }

using GroupKey = std::vector<MemberKey>;  // ascending

// The date an item is reconciled by: a ledger entry's posting (issue) date, otherwise
// the due date as amount_date uses it. Items without a date take no part.
std::optional<Date> ItemDate(const OpenItem& item) {
  if (item.kind == OpenItemKind::kLedger) return item.issue_date ? item.issue_date : item.due_date;
  return item.due_date ? item.due_date : item.issue_date;
}

struct Found {
  std::vector<GroupKey> groups;
  bool complete = true;  // pool not cut at candidates_max, search not stopped at its budget
};

class GroupMatcher {
 public:
  GroupMatcher(const std::vector<LineToMatch>& lines, const GroupContext& ctx) : lines_(lines), ctx_(ctx) {}

  std::vector<MatchDecision> Run(std::vector<MatchDecision> settled);

 private:
  struct LineState {
    const Rule* rule = nullptr;  // the many_to_many rule the line is open for; nullptr = takes no part
    int32_t account = -1;
    int32_t day = 0;
    bool consumed = false;       // in an applied group
  };

  bool Prepare(const std::vector<MatchDecision>& settled);
  Found Search(MemberKey anchor, const Rule& rule);
  std::vector<std::pair<MemberKey, int32_t>> Nearest(MemberKey anchor, const Rule& rule, bool& cut) const;
  bool Rejected(const GroupKey& group) const;
  bool ProvenUnique(const GroupKey& group, const Rule& rule);
  MatchDecision ToDecision(const GroupKey& group, const Rule& rule, bool unique, const std::string& doubt) const;
  void Decide(size_t anchor);

  const std::vector<LineToMatch>& lines_;
  const GroupContext& ctx_;
  std::vector<LineState> state_;
  std::vector<int64_t> residual_;                                   // by item position, item terms
  std::map<std::string, std::vector<size_t>> lines_by_currency_;     // by (day, id)
  std::map<std::string, std::vector<uint32_t>> items_by_currency_;   // by (day, id)
  std::vector<int32_t> item_day_;
  std::set<MemberKey> in_proposal_;
  std::set<GroupKey> proposed_;
  std::set<int64_t> grouped_lines_;                                  // line ids whose per-line proposals give way
  std::vector<MatchDecision> out_;
};

size_t RulePosition(const RuleSet& set, const std::string& name) {
  for (size_t i = 0; i < set.rules.size(); ++i) {
    if (set.rules[i].name == name) return i;
  }
  return SIZE_MAX;
}

// Which lines and items take part; false when none can (the common case: no many_to_many rule).
bool GroupMatcher::Prepare(const std::vector<MatchDecision>& settled) {
  // First which lines have a many_to_many rule at all: usually none, and then nothing else is done.
  std::vector<std::pair<const RuleSet*, size_t>> group_rule(lines_.size(), {nullptr, 0});
  bool any = false;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const StatementLine& line = lines_[i].line;
    if (line.amount.minor == 0) continue;
    const RuleSet& set = ctx_.rules_for(line.account);
    for (size_t pos = 0; pos < set.rules.size(); ++pos) {
      if (set.rules[pos].kind == RuleKind::kManyToMany && RuleApplies(set.rules[pos], line)) {
        group_rule[i] = {&set, pos};
        any = true;
        break;
      }
    }
  }
  if (!any) return false;

  std::unordered_map<int64_t, std::vector<const MatchDecision*>> by_line;
  for (const MatchDecision& d : settled) by_line[d.line_ids.front()].push_back(&d);
  std::unordered_map<std::string, int32_t> accounts;
  state_.assign(lines_.size(), {});
  any = false;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const auto [set, pos] = group_rule[i];
    if (set == nullptr) continue;
    const StatementLine& line = lines_[i].line;
    bool open = true;
    if (auto it = by_line.find(lines_[i].id); it != by_line.end()) {
      for (const MatchDecision* d : it->second) {
        // An earlier rule decided the line, or a later one applied (Settle already counted it).
        if (d->outcome == MatchOutcome::kApply || RulePosition(*set, d->rule) <= pos) open = false;
      }
    }
    if (!open) continue;
    auto [acc, inserted] = accounts.try_emplace(line.account, static_cast<int32_t>(accounts.size()));
    state_[i] = LineState{&set->rules[pos], acc->second, line.booking_date.days_since_epoch(), false};
    lines_by_currency_[std::string(line.amount.currency.code())].push_back(i);
    any = true;
  }
  if (!any) return false;

  const auto& items = ctx_.index.items();
  residual_.resize(items.size());
  item_day_.assign(items.size(), 0);
  for (size_t p = 0; p < items.size(); ++p) residual_[p] = items[p].open_amount.minor;
  std::unordered_map<int64_t, uint32_t> position;
  for (uint32_t p = 0; p < items.size(); ++p) position[items[p].id] = p;
  for (const MatchDecision& d : settled) {
    if (d.outcome != MatchOutcome::kApply) continue;
    for (const Allocation& a : d.allocations) {
      if (auto it = position.find(a.open_item_id); it != position.end()) residual_[it->second] -= a.amount;
    }
  }
  for (uint32_t p = 0; p < items.size(); ++p) {
    const std::optional<Date> date = ItemDate(items[p]);
    if (!date || residual_[p] == 0) continue;
    const std::string code(items[p].open_amount.currency.code());
    if (!lines_by_currency_.count(code)) continue;
    item_day_[p] = date->days_since_epoch();
    items_by_currency_[code].push_back(p);
  }
  for (auto& [code, list] : lines_by_currency_) {
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      return std::pair(state_[a].day, lines_[a].id) < std::pair(state_[b].day, lines_[b].id);
    });
  }
  for (auto& [code, list] : items_by_currency_) {
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return std::pair(item_day_[a], items[a].id) < std::pair(item_day_[b], items[b].id);
    });
  }
  return !items_by_currency_.empty();
}

// Walks a (day, id)-sorted list outward from `center`, nearest day first, taking entries
// within [lo, hi] that `take` accepts, until `cap` + 1 are taken (one more than allowed
// tells the caller the pool was cut) or kPoolScanMax were looked at.
template <class T, class DayOf, class Take>
void WalkOutward(const std::vector<T>& list, int32_t center, int32_t lo, int32_t hi, size_t cap, DayOf day_of,
                 Take take, std::vector<std::pair<int32_t, T>>& picked, bool& cut) {
  auto mid = std::lower_bound(list.begin(), list.end(), center,
                              [&](const T& e, int32_t d) { return day_of(e) < d; });
  ptrdiff_t right = mid - list.begin(), left = right - 1;
  const ptrdiff_t n = static_cast<ptrdiff_t>(list.size());
  size_t scanned = 0;
  while (picked.size() <= cap) {
    const bool can_left = left >= 0 && day_of(list[left]) >= lo;
    const bool can_right = right < n && day_of(list[right]) <= hi;
    if (!can_left && !can_right) return;
    if (++scanned > kPoolScanMax) {
      cut = true;
      return;
    }
    const bool go_left = can_left && (!can_right || center - day_of(list[left]) <= day_of(list[right]) - center);
    const T e = go_left ? list[left--] : list[right++];
    const int32_t d = day_of(e);
    if (take(e)) picked.emplace_back(d > center ? d - center : center - d, e);
  }
}

// The pool around an anchor: itself first, then the nearest lines and items that could
// share a group with it, at most candidates_max of them.
std::vector<std::pair<MemberKey, int32_t>> GroupMatcher::Nearest(MemberKey anchor, const Rule& rule, bool& cut) const {
  const auto& items = ctx_.index.items();
  const int32_t before = rule.date_window_before_days, after = rule.date_window_after_days;
  const bool line_anchor = IsLine(anchor);
  const size_t anchor_line = line_anchor ? static_cast<size_t>(anchor) : 0;
  const int32_t day = line_anchor ? state_[anchor_line].day : item_day_[ItemPos(anchor)];
  const std::string code(line_anchor ? lines_[anchor_line].line.amount.currency.code()
                                     : items[ItemPos(anchor)].open_amount.currency.code());
  const size_t cap = rule.candidates_max;

  // Lines share a group with a line anchor only within both windows of a common item; with
  // an item anchor, within its window. Any account for an item: its search keeps one per group.
  std::vector<std::pair<int32_t, size_t>> near_lines;
  const int32_t line_lo = line_anchor ? day - before - after : day - before;
  const int32_t line_hi = line_anchor ? day + before + after : day + after;
  auto take_line = [&](size_t i) {
    const LineState& s = state_[i];
    if (MemberKey(i) == anchor || s.rule == nullptr || s.consumed) return false;
    return !line_anchor || (s.rule == &rule && s.account == state_[anchor_line].account);
  };
  if (auto it = lines_by_currency_.find(code); it != lines_by_currency_.end()) {
    WalkOutward(it->second, day, line_lo, line_hi, cap, [&](size_t i) { return state_[i].day; }, take_line,
                near_lines, cut);
  }
  std::vector<std::pair<int32_t, uint32_t>> near_items;
  const int32_t item_lo = line_anchor ? day - after : day - before - after;
  const int32_t item_hi = line_anchor ? day + before : day + before + after;
  auto take_item = [&](uint32_t p) {
    if (ItemKey(p) == anchor || residual_[p] == 0) return false;
    return rule.item_kinds.empty() ||
           std::find(rule.item_kinds.begin(), rule.item_kinds.end(), items[p].kind) != rule.item_kinds.end();
  };
  if (auto it = items_by_currency_.find(code); it != items_by_currency_.end()) {
    WalkOutward(it->second, day, item_lo, item_hi, cap, [&](uint32_t p) { return item_day_[p]; }, take_item,
                near_items, cut);
  }
  // (distance, 0 for a line / 1 for an item, id): nearest first, then an order that
  // depends on ids only, never on the order the lines came in.
  struct Near {
    int32_t distance;
    int kind;
    int64_t id;
    MemberKey key;
  };
  std::vector<Near> merged;
  for (auto [d, i] : near_lines) merged.push_back({d, 0, lines_[i].id, LineKey(i)});
  for (auto [d, p] : near_items) merged.push_back({d, 1, items[p].id, ItemKey(p)});
  std::sort(merged.begin(), merged.end(), [](const Near& a, const Near& b) {
    return std::tie(a.distance, a.kind, a.id) < std::tie(b.distance, b.kind, b.id);
  });
  if (merged.size() > cap) {
    cut = true;
    merged.resize(cap);
  }
  std::vector<std::pair<MemberKey, int32_t>> pool;
  pool.emplace_back(anchor, day);
  for (const Near& n : merged) pool.emplace_back(n.key, n.distance);
  return pool;
}

Found GroupMatcher::Search(MemberKey anchor, const Rule& rule) {
  Found found;
  bool cut = false;
  const auto keys = Nearest(anchor, rule, cut);
  const auto& items = ctx_.index.items();
  std::vector<GroupMember> pool;
  bool has_item = false;
  for (auto [key, unused] : keys) {
    GroupMember m;
    if (IsLine(key)) {
      const LineState& s = state_[static_cast<size_t>(key)];
      m = {lines_[static_cast<size_t>(key)].line.amount.minor, s.day, true, s.account};
    } else {
      const OpenItem& item = items[ItemPos(key)];
      const int64_t line_side = item.kind == OpenItemKind::kPayable ? -residual_[ItemPos(key)] : residual_[ItemPos(key)];
      m = {-line_side, item_day_[ItemPos(key)], false, -1};
      has_item = true;
    }
    pool.push_back(m);
  }
  if (!has_item || pool.size() < 2) return found;
  GroupSearchLimits limits;
  limits.size_max = rule.group_size_max;
  limits.nodes_max = rule.search_nodes_max;
  limits.window_before_days = rule.date_window_before_days;
  limits.window_after_days = rule.date_window_after_days;
  limits.tolerance = rule.tolerance;
  const GroupSearchResult result = FindGroups(pool, 0, limits, kGroupsPerAnchorMax);
  found.complete = !cut && !result.budget_exhausted;
  for (const auto& group : result.groups) {
    GroupKey key;
    for (size_t i : group) key.push_back(keys[i].first);
    std::sort(key.begin(), key.end());
    if (!Rejected(key)) found.groups.push_back(std::move(key));
  }
  return found;
}

// A person rejected this group for one of its lines before: never proposed again.
bool GroupMatcher::Rejected(const GroupKey& group) const {
  if (ctx_.rejected.empty()) return false;
  std::vector<int64_t> item_ids;
  for (MemberKey k : group) {
    if (!IsLine(k)) item_ids.push_back(ctx_.index.items()[ItemPos(k)].id);
  }
  std::sort(item_ids.begin(), item_ids.end());
  for (MemberKey k : group) {
    if (IsLine(k) && ctx_.rejected.count({lines_[static_cast<size_t>(k)].id, item_ids})) return true;
  }
  return false;
}

// Every member's own search must find this group and nothing else, completely.
bool GroupMatcher::ProvenUnique(const GroupKey& group, const Rule& rule) {
  for (MemberKey k : group) {
    if (in_proposal_.count(k)) return false;
  }
  for (MemberKey k : group) {
    const Found other = Search(k, rule);
    if (!other.complete || other.groups.size() != 1 || other.groups[0] != group) return false;
  }
  return true;
}

MatchDecision GroupMatcher::ToDecision(const GroupKey& group, const Rule& rule, bool unique,
                                       const std::string& doubt) const {
  const auto& items = ctx_.index.items();
  MatchDecision d;
  std::vector<size_t> line_index;
  std::vector<uint32_t> item_pos;
  for (MemberKey k : group) {
    if (IsLine(k)) line_index.push_back(static_cast<size_t>(k));
    else item_pos.push_back(ItemPos(k));
  }
  std::sort(line_index.begin(), line_index.end(), [&](size_t a, size_t b) { return lines_[a].id < lines_[b].id; });
  std::sort(item_pos.begin(), item_pos.end());  // positions are in item-id order
  const Money& like = lines_[line_index.front()].line.amount;
  int64_t lines_total = 0, items_total = 0;
  std::string line_names, item_names;
  for (size_t i : line_index) {
    d.line_ids.push_back(lines_[i].id);
    d.line_amounts.push_back(lines_[i].line.amount.minor);
    lines_total += lines_[i].line.amount.minor;
    line_names += (line_names.empty() ? "" : ", ") + std::to_string(lines_[i].id) + " (" +
                  lines_[i].line.booking_date.ToIso() + ")";
  }
  for (uint32_t p : item_pos) {
    d.allocations.push_back({items[p].id, items[p].external_id, residual_[p]});
    items_total += items[p].kind == OpenItemKind::kPayable ? -residual_[p] : residual_[p];
    item_names += (item_names.empty() ? "" : ", ") + items[p].external_id;
  }
  const int64_t shortfall = items_total - lines_total;  // line terms; + means the bank shows less
  d.currency = std::string(like.currency.code());
  d.rule = rule.name;
  d.confidence = rule.confidence - (shortfall != 0 ? kWriteOffPenalty : 0) - (unique ? 0 : kAmbiguousPenalty);
  d.confidence = std::clamp(d.confidence, 0.0, 1.0);
  d.explanation = std::string(line_index.size() == 1 ? "bank line " : "bank lines ") + line_names + " (" +
                  Amount(lines_total, like) + ") and " + (item_pos.size() == 1 ? "open item " : "open items ") +
                  item_names + " (" + Amount(items_total, like) + ")";
  if (shortfall == 0) {
    d.explanation += " net to zero within the rule's date window";
  } else {
    d.write_off = WriteOff{shortfall, rule.tolerance.write_off_account};
    d.explanation += " differ by " + Amount(shortfall, like) + ", within the rule's tolerance; the difference goes to " +
                     rule.tolerance.write_off_account;
  }
  if (!doubt.empty()) d.explanation += "; " + doubt + ", so a person decides";
  return d;
}

void GroupMatcher::Decide(size_t anchor) {
  const Rule& rule = *state_[anchor].rule;
  const Found found = Search(LineKey(anchor), rule);
  if (found.groups.empty()) return;
  std::string doubt;
  if (found.groups.size() > 1) doubt = "more than one group fits";
  else if (!found.complete) doubt = "the search could not look at every candidate in the window";
  bool unique = doubt.empty() && ProvenUnique(found.groups[0], rule);
  if (doubt.empty() && !unique) doubt = "its members also fit another group";
  if (unique) {
    MatchDecision d = ToDecision(found.groups[0], rule, true, "");
    if (d.confidence >= rule.auto_apply_threshold) {
      d.outcome = MatchOutcome::kApply;
      RECON_ASSERT(Nets(d, ctx_.index.KindsOf(d.allocations)),
                   "an applied group's allocations less its write-off are its lines");
      // The group takes all that is open of its items.
      for (MemberKey k : found.groups[0]) {
        if (IsLine(k)) state_[static_cast<size_t>(k)].consumed = true;
        else residual_[ItemPos(k)] = 0;
      }
      for (int64_t id : d.line_ids) grouped_lines_.insert(id);
      out_.push_back(std::move(d));
      return;
    }
  }
  int rank = 0;
  for (const GroupKey& group : found.groups) {
    if (!proposed_.insert(group).second) continue;
    MatchDecision d = ToDecision(group, rule, unique, doubt);
    d.outcome = MatchOutcome::kPropose;
    d.rank = rank++;
    for (MemberKey k : group) in_proposal_.insert(k);
    for (int64_t id : d.line_ids) grouped_lines_.insert(id);
    out_.push_back(std::move(d));
  }
}

std::vector<MatchDecision> GroupMatcher::Run(std::vector<MatchDecision> settled) {
  if (!Prepare(settled)) return settled;
  std::vector<size_t> anchors;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (state_[i].rule) anchors.push_back(i);
  }
  std::sort(anchors.begin(), anchors.end(), [&](size_t a, size_t b) { return lines_[a].id < lines_[b].id; });
  for (size_t i : anchors) {
    if (!state_[i].consumed) Decide(i);
  }
  if (out_.empty()) return settled;
  // A line in a group gives up the proposals of the later rules it had.
  std::erase_if(settled, [&](const MatchDecision& d) {
    return d.outcome == MatchOutcome::kPropose && grouped_lines_.count(d.line_ids.front());
  });
  for (MatchDecision& d : out_) settled.push_back(std::move(d));
  std::stable_sort(settled.begin(), settled.end(),
                   [](const MatchDecision& a, const MatchDecision& b) { return a.line_ids.front() < b.line_ids.front(); });
  return settled;
}

}  // namespace

std::vector<MatchDecision> MatchGroups(const std::vector<LineToMatch>& lines, std::vector<MatchDecision> settled,
                                       const GroupContext& ctx) {
  return GroupMatcher(lines, ctx).Run(std::move(settled));
}

}  // namespace recon::matching
