// The name tables of the states: every value has a unique name that parses back to it, and
// any other text is refused. The names are what the database holds and clients send.
#include "recon/status.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace recon {
namespace {

// Every value of `all` round-trips through its name; names are unique, lower case words.
template <class X, size_t N>
void ExpectATable(const X (&all)[N], std::string_view (*name)(X), std::optional<X> (*parse)(std::string_view)) {
  std::set<std::string_view> names;
  for (X value : all) {
    const std::string_view n = name(value);
    EXPECT_FALSE(n.empty());
    EXPECT_TRUE(names.insert(n).second) << n;
    for (char c : n) EXPECT_TRUE(c >= 'a' && c <= 'z') << n;
    EXPECT_EQ(parse(n), value) << n;
  }
  for (std::string_view unknown : {"", "bogus", "everything", "Proposed", "APPLIED", " matched", "matched ",
                                   "pending\n", "dead"}) {
    EXPECT_EQ(parse(unknown), std::nullopt) << unknown;
  }
}

TEST(LineStatus, EveryStatusHasAUniqueNameThatParsesBack) {
  ExpectATable(kAllLineStatuses, LineStatusName, ParseLineStatus);
  EXPECT_EQ(LineStatusName(LineStatus::kUnmatched), "unmatched");
  EXPECT_EQ(LineStatusName(LineStatus::kIgnored), "ignored");
  EXPECT_EQ(ParseLineStatus("applied"), std::nullopt);  // a match's status, not a line's
}

TEST(MatchStatus, EveryStatusHasAUniqueNameThatParsesBack) {
  ExpectATable(kAllMatchStatuses, MatchStatusName, ParseMatchStatus);
  EXPECT_EQ(MatchStatusName(MatchStatus::kApplied), "applied");
  EXPECT_EQ(MatchStatusName(MatchStatus::kReversed), "reversed");
  EXPECT_EQ(ParseMatchStatus("matched"), std::nullopt);  // a line's status, not a match's
}

TEST(StatementStatus, EveryStatusHasAUniqueNameThatParsesBack) {
  ExpectATable(kAllStatementStatuses, StatementStatusName, ParseStatementStatus);
  EXPECT_EQ(StatementStatusName(StatementStatus::kProcessed), "processed");
  EXPECT_EQ(StatementStatusName(StatementStatus::kReconciled), "reconciled");
}

TEST(RunStatus, EveryStatusHasAUniqueNameThatParsesBack) {
  ExpectATable(kAllRunStatuses, RunStatusName, ParseRunStatus);
  EXPECT_EQ(RunStatusName(RunStatus::kDone), "done");
  EXPECT_EQ(RunStatusName(RunStatus::kFailed), "failed");
}

// The names as the migrations' CHECK constraints list them, in that order.
TEST(Statuses, NamesAreThoseTheDatabaseHolds) {
  std::string lines, matches, statements, runs;
  for (LineStatus s : kAllLineStatuses) lines += std::string(LineStatusName(s)) + " ";
  for (MatchStatus s : kAllMatchStatuses) matches += std::string(MatchStatusName(s)) + " ";
  for (StatementStatus s : kAllStatementStatuses) statements += std::string(StatementStatusName(s)) + " ";
  for (RunStatus s : kAllRunStatuses) runs += std::string(RunStatusName(s)) + " ";
  EXPECT_EQ(lines, "unmatched proposed matched ignored ");
  EXPECT_EQ(matches, "proposed applied rejected reversed ");
  EXPECT_EQ(statements, "pending processed reconciled error ");
  EXPECT_EQ(runs, "queued running done failed ");
}

}  // namespace
}  // namespace recon
