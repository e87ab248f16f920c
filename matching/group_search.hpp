// A bounded, pruned search for groups of bank lines and open items that net to zero,
// for the many_to_many rule (ledger against bank account reconciliation).
//
// The search is pure arithmetic over "members": each is a line or an item with a value
// on the line side (a line's amount, or minus what the item would settle) and a day.
// It finds groups that contain one given member (the anchor), hold at least one line
// and one item, whose lines all belong to one bank account, whose every (line, item)
// pair lies within the date window, and whose net is zero or within the tolerance.
// Only minimal groups count: a group that contains a smaller group (or a part netting
// exactly to zero) is two matches glued together, not one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "matching/rule_set.hpp"

namespace recon::matching {

struct GroupMember {
  int64_t value = 0;     // line side: + money in; an item counts with the opposite sign
  int32_t day = 0;       // days since the epoch: booking date, or the item's due/issue date
  bool is_line = false;
  int32_t account = -1;  // lines: a number standing for the bank account; items: -1
};

struct GroupSearchLimits {
  size_t size_max = 6;          // members in one group at most (anchor included)
  size_t nodes_max = 200'000;   // search steps at most (minimality checks count too)
  int window_before_days = 30;  // a line may be booked this many days before an item's date
  int window_after_days = 120;  // ... or this many days after it
  Tolerance tolerance;          // |net| allowed, against the items' total
};

struct GroupSearchResult {
  std::vector<std::vector<size_t>> groups;  // indices into the pool, ascending, anchor included
  bool budget_exhausted = false;            // the search stopped early: the list may be incomplete
};

// Minimal groups containing pool[anchor], at most `results_max` of them, in a deterministic
// order. Cost is bounded by limits.nodes_max whatever the pool's size.
GroupSearchResult FindGroups(const std::vector<GroupMember>& pool, size_t anchor, const GroupSearchLimits& limits,
                             size_t results_max);

// The net of the group (sum of values) and whether it is within the tolerance for its
// items' total; exposed for the explanation and for tests.
struct GroupNet {
  int64_t net = 0;          // lines minus what the items settle; 0 = exact
  int64_t items_total = 0;  // line side, positive when the items take money in
  bool fits = false;        // at least one line and one item, and |net| within tolerance
};
GroupNet NetOf(const std::vector<GroupMember>& pool, const std::vector<size_t>& group, const Tolerance& tolerance);

}  // namespace recon::matching
