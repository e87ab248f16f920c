#include "matching/subset_sum.hpp"

#include <gtest/gtest.h>

namespace recon::matching {
namespace {

TEST(SubsetSum, FindsTheUniqueGroup) {
  SubsetSearch limits;
  limits.size_min = 2;
  auto r = FindSubsets({500, 1200, 300, 4000}, 1700, limits, 3);
  ASSERT_EQ(r.subsets.size(), 1u);
  EXPECT_EQ(r.subsets[0], (std::vector<size_t>{0, 1}));
  EXPECT_FALSE(r.budget_exhausted);
}

TEST(SubsetSum, ReportsSeveralGroupsAndCreditNotes) {
  SubsetSearch limits;
  auto r = FindSubsets({100, 200, 300}, 300, limits, 3);
  EXPECT_EQ(r.subsets.size(), 2u);  // {300} and {100, 200}
  auto credit = FindSubsets({1000, -250, 400}, 750, limits, 3);
  ASSERT_EQ(credit.subsets.size(), 1u);
  EXPECT_EQ(credit.subsets[0], (std::vector<size_t>{0, 1}));
}

TEST(SubsetSum, StopsAtItsBudget) {
  SubsetSearch limits;
  limits.nodes_max = 50;
  limits.size_max = 10;
  std::vector<int64_t> amounts(40, 7);
  auto r = FindSubsets(amounts, 7 * 10 + 1, limits, 3);  // unreachable target
  EXPECT_TRUE(r.subsets.empty());
  EXPECT_TRUE(r.budget_exhausted || r.subsets.empty());
  auto none = FindSubsets({}, 5, limits, 3);
  EXPECT_TRUE(none.subsets.empty());
}

}  // namespace
}  // namespace recon::matching
