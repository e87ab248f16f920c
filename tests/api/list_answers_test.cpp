// The helpers every list shares: the status parameter, read through an enum's name table,
// and the page answer. Their answers are the lists' own from before the helpers (the
// problem's detail and location, the envelope byte for byte), pinned here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/list_filters.hpp"
#include "api/responses.hpp"
#include "jobs/job_status.hpp"
#include "recon/status.hpp"

namespace recon::api {
namespace {

struct Request {
  server::HttpRequest http;
  server::RequestContext ctx{http, "req-1", "/v1/lines", {}, {}, {}};

  explicit Request(std::initializer_list<std::pair<std::string, std::string>> query) {
    for (const auto& [key, value] : query) ctx.query.emplace(key, value);
  }
};

TEST(StatusParameter, AbsentIsNoFilter) {
  Request r({{"account", "NO9386011117947"}});
  auto status = StatusParameter(r.ctx, kAllLineStatuses, LineStatusName, StatusLocation::kNone);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, std::nullopt);
}

TEST(StatusParameter, EveryNameOfTheTableIsTaken) {
  for (MatchStatus s : kAllMatchStatuses) {
    Request r({{"status", std::string(MatchStatusName(s))}});
    auto status = StatusParameter(r.ctx, kAllMatchStatuses, MatchStatusName, StatusLocation::kNone);
    ASSERT_TRUE(status) << MatchStatusName(s);
    EXPECT_EQ(*status, s);
  }
  for (jobs::JobStatus s : jobs::kAllJobStatuses) {
    Request r({{"status", std::string(jobs::JobStatusName(s))}});
    auto status = StatusParameter(r.ctx, jobs::kAllJobStatuses, jobs::JobStatusName, StatusLocation::kParameter);
    ASSERT_TRUE(status) << jobs::JobStatusName(s);
    EXPECT_EQ(*status, s);
  }
}

// The answers of GET /v1/lines, /v1/matches, /v1/statements and /v1/jobs to a status they do
// not know, as each wrote its own before.
TEST(StatusParameter, AnUnknownNameIsRefusedAsEachListRefusedIt) {
  struct Case {
    Result<bool> (*read)(const server::RequestContext&);
    const char* detail;
    const char* location;
  };
  const Case cases[] = {
      {[](const server::RequestContext& ctx) -> Result<bool> {
         auto s = StatusParameter(ctx, kAllLineStatuses, LineStatusName, StatusLocation::kNone);
         if (!s) return s.take_error();
         return true;
       },
       "status must be unmatched, proposed, matched or ignored", ""},
      {[](const server::RequestContext& ctx) -> Result<bool> {
         auto s = StatusParameter(ctx, kAllMatchStatuses, MatchStatusName, StatusLocation::kNone);
         if (!s) return s.take_error();
         return true;
       },
       "status must be proposed, applied, rejected or reversed", ""},
      {[](const server::RequestContext& ctx) -> Result<bool> {
         auto s = StatusParameter(ctx, kAllStatementStatuses, StatementStatusName, StatusLocation::kParameter);
         if (!s) return s.take_error();
         return true;
       },
       "status must be pending, processed, reconciled or error", "status"},
      {[](const server::RequestContext& ctx) -> Result<bool> {
         auto s = StatusParameter(ctx, jobs::kAllJobStatuses, jobs::JobStatusName, StatusLocation::kParameter);
         if (!s) return s.take_error();
         return true;
       },
       "status must be queued, running, done or dead", "status"},
  };
  for (const Case& c : cases) {
    for (const char* bad : {"everything", "", "Applied", "failed", "matched ", "pending,processed"}) {
      Request r({{"status", bad}});
      auto read = c.read(r.ctx);
      ASSERT_FALSE(read) << c.detail << " took '" << bad << "'";
      EXPECT_EQ(read.error().code, ErrorCode::kInvalidRequest);
      EXPECT_EQ(read.error().message, c.detail);
      EXPECT_EQ(read.error().location, c.location);
    }
  }
}

struct Row {
  int64_t id;
  std::string name;
};

nlohmann::json RowJson(const Row& row) { return {{"id", row.id}, {"name", row.name}}; }

TEST(PageAnswer, AFullPageNamesTheCursorAfterItsLastRow) {
  const Page page{2, 0};
  auto res = PageAnswer(Result<std::vector<Row>>(std::vector<Row>{{3, "a"}, {7, "b"}}), page, RowJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), server::http::status::ok);
  EXPECT_EQ(res->at(server::http::field::content_type), "application/json");
  EXPECT_EQ(res->body(), R"({"items":[{"id":3,"name":"a"},{"id":7,"name":"b"}],"next_cursor":"c_7"})");
}

TEST(PageAnswer, APageNotFullIsTheLast) {
  const Page page{3, 5};
  auto res = PageAnswer(Result<std::vector<Row>>(std::vector<Row>{{6, "x"}}), page, RowJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), R"({"items":[{"id":6,"name":"x"}],"next_cursor":null})");
  auto empty = PageAnswer(Result<std::vector<Row>>(std::vector<Row>{}), page, RowJson);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->body(), R"({"items":[],"next_cursor":null})");
}

TEST(PageAnswer, TheStoresErrorIsTheAnswer) {
  auto res = PageAnswer(Result<std::vector<Row>>(MakeError(ErrorCode::kUnavailable, "database gone")), Page{},
                        RowJson);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(res.error().message, "database gone");
}

}  // namespace
}  // namespace recon::api
