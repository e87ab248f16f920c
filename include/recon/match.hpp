// What the matcher decides for one or more statement lines.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "recon/open_item.hpp"

namespace recon {

enum class MatchOutcome {
  kApply,    // certain enough to apply without a person
  kPropose,  // a person should confirm
};

// An amount of one line settled against one open item, in minor units of the line's currency.
struct Allocation {
  int64_t open_item_id = 0;
  std::string external_id;
  int64_t amount = 0;
};

struct WriteOff {
  int64_t amount = 0;      // minor units; + when the line paid less than the items (a fee), - when more
  std::string account;     // the ledger account that takes the difference
};

struct MatchDecision {
  std::vector<int64_t> line_ids;
  std::vector<int64_t> line_amounts;     // the part of each line's amount this decision uses
  std::vector<Allocation> allocations;
  std::string currency;                  // of the lines, the items and every amount above
  std::optional<WriteOff> write_off;
  std::string rule;                      // the rule's name from the rule set
  double confidence = 0;                 // 0..1, a score, never an amount
  MatchOutcome outcome = MatchOutcome::kPropose;
  std::string explanation;               // for a person: what evidence, what fits
  int rank = 0;                          // 0 for the best proposal of a line, 1.. for alternatives
};

// Whether `amount` may be taken from what is open of an item or a line (`residual`, in its
// own terms) by an applied decision: on the residual's side of zero and not beyond it, so
// what stays open keeps its sign or is zero. Nothing fits a residual of zero.
constexpr bool FitsResidual(int64_t residual, int64_t amount) {
  if (residual == 0 || (residual > 0) != (amount > 0)) return false;
  return residual > 0 ? amount <= residual : amount >= residual;
}

// Whether a decision nets: its allocations on the lines' side (a payable's negated), less
// the write-off, come to what its lines give. `allocation_kinds` is parallel to
// d.allocations. Counted modulo 2^64, so that a check of hostile sums cannot overflow.
inline bool Nets(const MatchDecision& d, std::span<const OpenItemKind> allocation_kinds) {
  if (allocation_kinds.size() != d.allocations.size()) return false;
  uint64_t allocated = 0, lines = 0;
  for (size_t i = 0; i < d.allocations.size(); ++i) {
    const auto amount = static_cast<uint64_t>(d.allocations[i].amount);
    allocated += allocation_kinds[i] == OpenItemKind::kPayable ? 0 - amount : amount;
  }
  if (d.write_off) allocated -= static_cast<uint64_t>(d.write_off->amount);
  for (int64_t amount : d.line_amounts) lines += static_cast<uint64_t>(amount);
  return allocated == lines;
}

}  // namespace recon
