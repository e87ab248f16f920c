// The matcher: statement lines + open items -> decisions. Pure and deterministic.
//
// Matching runs in two steps. `MatchLine` looks at one line against a read-only
// snapshot of the open items and proposes what fits, independent of every other line;
// that is what runs in parallel. `Settle` then walks all lines' proposals in line-id
// order, keeps track of what each item still has open, and turns a decision that would
// allocate beyond an item's residual into nothing. The result therefore does not depend
// on how lines were cut into batches or how many threads ran.
#pragma once

#include <cstdint>
#include <vector>

#include "matching/open_item_index.hpp"
#include "recon/match.hpp"
#include "recon/statement.hpp"

namespace recon::matching {

// A statement line as the matcher sees it: recond's id plus the common record.
struct LineToMatch {
  int64_t id = 0;
  StatementLine line;
};

// Decisions for one line, best first. Empty when nothing fits.
std::vector<MatchDecision> MatchLine(const LineToMatch& line, const OpenItemIndex& index);

// Applies residual bookkeeping to per-line decisions (indexed like `lines`) in line-id
// order and returns the decisions that survive, ordered by their first line id.
std::vector<MatchDecision> Settle(const std::vector<LineToMatch>& lines,
                                  std::vector<std::vector<MatchDecision>> per_line,
                                  const OpenItemIndex& index);

// MatchLine for every line, then Settle. Single-threaded convenience.
std::vector<MatchDecision> MatchAll(const std::vector<LineToMatch>& lines, const OpenItemIndex& index);

}  // namespace recon::matching
