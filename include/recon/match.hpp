// What the matcher decides for one or more statement lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace recon
