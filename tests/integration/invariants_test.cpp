// The invariant checks themselves: consistent data passes, and rows that break an invariant
// are named. The crash, concurrency and job suites rely on these checks finding what they
// guard; where no foreign key guards a relation any more (migrations 0010, 0011, 0015),
// the checks are all that does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"

namespace recon::testing {
namespace {

constexpr const char* kCompany = "planted";
constexpr const char* kMissingId = "987654321";  // no line or item has this id

class InvariantChecks : public SharedRecondSuite<InvariantChecks> {
 public:  // SharedRecondSuite's hooks
  static std::string Seed() { return SeedInvoiceAndStatement(*server_, kCompany); }
};

bool Mentions(const std::vector<std::string>& violations, const std::string& part) {
  for (const auto& v : violations) {
    if (v.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST_F(InvariantChecks, MatchRowsNamingNoLineOrItemAreFound) {
  const std::string url = TestDatabaseUrl();
  ASSERT_TRUE(CheckInvariants(url, kCompany).empty()) << Joined(CheckInvariants(url, kCompany));

  // A proposal whose allocation and match line name rows that do not exist: the database
  // takes them (no foreign key since 0015); the checks must not.
  const std::string match = QueryValue(url,
                                       "INSERT INTO matches (company, status, rule, confidence, explanation, currency)"
                                       " VALUES ($1, 'proposed', 'planted', 0.5, 'planted by the test', 'EUR')"
                                       " RETURNING id",
                                       kCompany);
  ASSERT_FALSE(match.empty());
  QueryValue(url,
             "INSERT INTO allocations (match_id, open_item_id, amount) VALUES (" + match + ", " + kMissingId +
                 ", 100) RETURNING id, $1::text",
             kCompany);
  QueryValue(url,
             "INSERT INTO match_lines (match_id, line_id, amount) VALUES (" + match + ", " + kMissingId +
                 ", 100) RETURNING line_id, $1::text",
             kCompany);

  const auto violations = CheckInvariants(url, kCompany);
  EXPECT_EQ(violations.size(), 2u) << Joined(violations);
  EXPECT_TRUE(Mentions(violations, "open item " + std::string(kMissingId) + " missing")) << Joined(violations);
  EXPECT_TRUE(Mentions(violations, "line " + std::string(kMissingId) + " missing")) << Joined(violations);
}

}  // namespace
}  // namespace recon::testing
