// The money checks every module shares (issue 12, points 5 and 6): FitsResidual was written
// twice (matcher and batch commit), Nets is what the assertions at both check.
#include "recon/match.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace recon {
namespace {

TEST(Match, FitsResidualKeepsTheSignAndStopsAtZero) {
  struct Case {
    int64_t residual, amount;
    bool fits;
  };
  for (const Case& c : std::initializer_list<Case>{{5000, 5000, true},
                                                   {5000, 1, true},
                                                   {5000, 5001, false},
                                                   {5000, 0, false},
                                                   {5000, -1, false},
                                                   {-5000, -5000, true},
                                                   {-5000, -1, true},
                                                   {-5000, -5001, false},
                                                   {-5000, 1, false},
                                                   {0, 0, false},
                                                   {0, 1, false},
                                                   {0, -1, false}}) {
    SCOPED_TRACE(std::to_string(c.residual) + " / " + std::to_string(c.amount));
    EXPECT_EQ(FitsResidual(c.residual, c.amount), c.fits);
  }
}

MatchDecision Decision(std::vector<int64_t> lines, std::vector<int64_t> allocated, std::optional<int64_t> write_off) {
  MatchDecision d;
  for (size_t i = 0; i < lines.size(); ++i) d.line_ids.push_back(static_cast<int64_t>(i + 1));
  d.line_amounts = std::move(lines);
  for (size_t i = 0; i < allocated.size(); ++i)
    d.allocations.push_back({static_cast<int64_t>(i + 1), "", allocated[i]});
  if (write_off) d.write_off = WriteOff{*write_off, "fees"};
  return d;
}

TEST(Match, NetsCountsPayablesNegatedAndTheWriteOff) {
  using K = OpenItemKind;
  const std::vector<K> receivable{K::kReceivable}, payable{K::kPayable}, both{K::kReceivable, K::kPayable};
  EXPECT_TRUE(Nets(Decision({5000}, {5000}, {}), receivable));
  EXPECT_TRUE(Nets(Decision({4990}, {5000}, 10), receivable));   // paid 10 less: a fee written off
  EXPECT_TRUE(Nets(Decision({5010}, {5000}, -10), receivable));  // paid 10 more
  EXPECT_TRUE(Nets(Decision({-3000}, {3000}, {}), payable));     // a payable's allocation is money out
  EXPECT_TRUE(Nets(Decision({2000}, {5000, 3000}, {}), both));   // an invoice less a credit
  EXPECT_TRUE(Nets(Decision({1000, 4000}, {5000}, {}), receivable));
  EXPECT_TRUE(Nets(Decision({}, {}, {}), {}));

  EXPECT_FALSE(Nets(Decision({4990}, {5000}, {}), receivable));
  EXPECT_FALSE(Nets(Decision({4990}, {5000}, -10), receivable));
  EXPECT_FALSE(Nets(Decision({3000}, {3000}, {}), payable));
  EXPECT_FALSE(Nets(Decision({5000}, {5000}, {}), both));  // kinds not parallel to the allocations
}

TEST(Match, NetsDoesNotOverflowOnHostileSums) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const std::vector<OpenItemKind> two{OpenItemKind::kReceivable, OpenItemKind::kReceivable};
  EXPECT_FALSE(Nets(Decision({kMax}, {kMax, kMax}, {}), two));
  EXPECT_TRUE(Nets(Decision({kMax, kMax}, {kMax, kMax}, {}), two));
}

}  // namespace
}  // namespace recon
