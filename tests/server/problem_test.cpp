#include "server/problem.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace recon::server {
namespace {

TEST(Problem, EveryErrorCodeHasAStatusTypeAndTitle) {
  std::set<std::string> types;
  for (ErrorCode code : kAllErrorCodes) {
    const int status = static_cast<int>(StatusFor(code));
    EXPECT_GE(status, 400) << ErrorCodeName(code);
    EXPECT_LT(status, 600) << ErrorCodeName(code);
    EXPECT_TRUE(types.insert(ProblemType(code)).second);
    EXPECT_FALSE(ProblemTitle(code).empty());
  }
  EXPECT_EQ(StatusFor(ErrorCode::kMalformedFile), http::status::unprocessable_entity);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthorized), http::status::unauthorized);
  EXPECT_EQ(StatusFor(ErrorCode::kPayloadTooLarge), http::status::payload_too_large);
  EXPECT_EQ(StatusFor(ErrorCode::kRateLimited), http::status::too_many_requests);
  EXPECT_EQ(ProblemType(ErrorCode::kRateLimited), "urn:recond:problem:rate-limited");
}

// Every "not now" answer says when to come back; others say nothing of it.
TEST(Problem, RetryAfterOnEveryNotNowAnswer) {
  for (ErrorCode code : kAllErrorCodes) {
    auto res = ProblemResponse(MakeError(code, "x"), "rid", 11, true);
    const bool not_now = code == ErrorCode::kUnavailable || code == ErrorCode::kRateLimited;
    EXPECT_EQ(res.count(http::field::retry_after), not_now ? 1u : 0u) << ErrorCodeName(code);
    if (not_now) {
      EXPECT_EQ(res[http::field::retry_after], "1") << ErrorCodeName(code);
    }
  }
  auto limited = ProblemResponse(MakeError(ErrorCode::kRateLimited, "slow down"), "rid", 11, true,
                                 std::chrono::seconds(7));
  EXPECT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_EQ(limited[http::field::retry_after], "7");
  auto full = ProblemResponse(MakeError(ErrorCode::kUnavailable, "busy"), "rid", 11, false, std::chrono::seconds(0));
  EXPECT_EQ(full[http::field::retry_after], "1");  // never "come back at once"
}

TEST(Problem, BodyIsProblemJsonWithLocation) {
  auto res = ProblemResponse(MakeError(ErrorCode::kMalformedFile, "bad amount", "/Document/Stmt[1]"), "rid", 11, true);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["type"], "urn:recond:problem:malformed-file");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["detail"], "bad amount");
  EXPECT_EQ(body["location"], "/Document/Stmt[1]");
  EXPECT_EQ(body["request_id"], "rid");
}

TEST(Problem, InternalErrorsDoNotLeakTheirStory) {
  auto res = ProblemResponse(MakeError(ErrorCode::kInternal, "relation \"x\" does not exist"), "rid", 11, true);
  EXPECT_EQ(res.body().find("relation"), std::string::npos);
}

}  // namespace
}  // namespace recon::server
