#include "matching/group_search.hpp"

#include <algorithm>
#include <climits>
#include <numeric>

namespace recon::matching {
namespace {

int64_t Magnitude(int64_t v) { return v < 0 ? -v : v; }

// What a partial group looks like so far; copied on the way down (it is small).
struct Partial {
  int64_t sum = 0;
  int64_t items_total = 0;
  int32_t line_day_min = INT32_MAX, line_day_max = INT32_MIN;
  int32_t item_day_min = INT32_MAX, item_day_max = INT32_MIN;
  int32_t account = -1;
  bool has_line = false, has_item = false;

  // False when `m` cannot join: another bank account, or a (line, item) pair outside the window.
  bool Add(const GroupMember& m, const GroupSearchLimits& limits) {
    sum += m.value;
    if (m.is_line) {
      if (has_line && m.account != account) return false;
      account = m.account;
      has_line = true;
      line_day_min = std::min(line_day_min, m.day);
      line_day_max = std::max(line_day_max, m.day);
    } else {
      items_total -= m.value;
      has_item = true;
      item_day_min = std::min(item_day_min, m.day);
      item_day_max = std::max(item_day_max, m.day);
    }
    if (!has_line || !has_item) return true;
    // Every line at most `after` days after, and at most `before` days before, every item.
    return int64_t{line_day_max} - item_day_min <= limits.window_after_days &&
           int64_t{item_day_max} - line_day_min <= limits.window_before_days;
  }
};

bool Fits(int64_t net, int64_t items_total, bool has_line, bool has_item, const Tolerance& tolerance) {
  if (!has_line || !has_item) return false;
  return net == 0 || Magnitude(net) <= tolerance.AllowedFor(items_total);
}

struct Search {
  const std::vector<GroupMember>& pool;
  const std::vector<size_t>& order;             // pool indices, anchor excluded, largest first
  const std::vector<int64_t>& positive_suffix;  // sum of positive values from order[k] on
  const std::vector<int64_t>& negative_suffix;
  int64_t slack;                                // the largest |net| any group may keep
  const GroupSearchLimits& limits;
  size_t anchor;
  size_t results_max;
  GroupSearchResult& result;
  size_t nodes = 0;
  std::vector<size_t> chosen;                   // pool indices, anchor first

  bool Stopped() const { return result.groups.size() >= results_max || result.budget_exhausted; }

  bool Spend(size_t n) {
    nodes += n;
    if (nodes > limits.nodes_max) result.budget_exhausted = true;
    return !result.budget_exhausted;
  }

  // True when no proper part of `chosen` is a group by itself or nets exactly to zero.
  bool Minimal() {
    const size_t k = chosen.size();
    const uint32_t all = (1u << k) - 1;
    if (!Spend(all)) return false;
    for (uint32_t mask = 1; mask < all; ++mask) {
      int64_t net = 0, items_total = 0;
      bool has_line = false, has_item = false;
      for (size_t b = 0; b < k; ++b) {
        if (!(mask & (1u << b))) continue;
        const GroupMember& m = pool[chosen[b]];
        net += m.value;
        if (m.is_line) has_line = true;
        else has_item = true, items_total -= m.value;
      }
      if (net == 0 || Fits(net, items_total, has_line, has_item, limits.tolerance)) return false;
    }
    return true;
  }

  void Record() {
    std::vector<size_t> group = chosen;
    std::sort(group.begin(), group.end());
    result.groups.push_back(std::move(group));
  }

  // Depth is bounded by size_max, never by the pool's length.
  void Visit(size_t k, const Partial& partial) {
    if (Stopped() || !Spend(1)) return;
    if (Fits(partial.sum, partial.items_total, partial.has_line, partial.has_item, limits.tolerance)) {
      // Any larger group holding this one is not minimal: do not extend it.
      if (Minimal()) Record();
      return;
    }
    if (partial.sum == 0 || chosen.size() >= limits.size_max) return;
    for (; k < order.size(); ++k) {
      // Whatever is picked from k on, the sum stays within these bounds.
      if (partial.sum + negative_suffix[k] > slack || partial.sum + positive_suffix[k] < -slack) return;
      Partial next = partial;
      if (!next.Add(pool[order[k]], limits)) continue;
      chosen.push_back(order[k]);
      Visit(k + 1, next);
      chosen.pop_back();
      if (Stopped()) return;
    }
  }
};

}  // namespace

GroupNet NetOf(const std::vector<GroupMember>& pool, const std::vector<size_t>& group, const Tolerance& tolerance) {
  GroupNet out;
  bool has_line = false, has_item = false;
  for (size_t i : group) {
    out.net += pool[i].value;
    if (pool[i].is_line) has_line = true;
    else has_item = true, out.items_total -= pool[i].value;
  }
  out.fits = Fits(out.net, out.items_total, has_line, has_item, tolerance);
  return out;
}

GroupSearchResult FindGroups(const std::vector<GroupMember>& pool, size_t anchor, const GroupSearchLimits& limits,
                             size_t results_max) {
  GroupSearchResult result;
  if (anchor >= pool.size() || results_max == 0 || limits.size_max < 2 || limits.size_max > 16) return result;
  std::vector<size_t> order;
  order.reserve(pool.size());
  int64_t items_magnitude = pool[anchor].is_line ? 0 : Magnitude(pool[anchor].value);
  for (size_t i = 0; i < pool.size(); ++i) {
    if (i == anchor) continue;
    order.push_back(i);
    if (!pool[i].is_line) items_magnitude += Magnitude(pool[i].value);
  }
  // Largest magnitudes first: the bounds tighten fastest. Ties by position: deterministic.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return Magnitude(pool[a].value) > Magnitude(pool[b].value); });
  std::vector<int64_t> positive(order.size() + 1, 0), negative(order.size() + 1, 0);
  for (size_t k = order.size(); k-- > 0;) {
    const int64_t v = pool[order[k]].value;
    positive[k] = positive[k + 1] + (v > 0 ? v : 0);
    negative[k] = negative[k + 1] + (v < 0 ? v : 0);
  }
  // AllowedFor grows with the total, so the tolerance for every item at once bounds them all.
  const int64_t slack = limits.tolerance.enabled() ? limits.tolerance.AllowedFor(items_magnitude) : 0;
  Search search{pool, order, positive, negative, slack, limits, anchor, results_max, result, 0, {anchor}};
  Partial start;
  if (start.Add(pool[anchor], limits)) search.Visit(0, start);
  return result;
}

}  // namespace recon::matching
