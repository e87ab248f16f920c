// JSON bodies within limits (issue 11, point 7): a depth limit (json_depth_max) on every JSON
// body, and a size limit for JSON routes (json_bytes_max) that the server applies from the
// header, before it reads the body; uploads and NDJSON bulks keep body_bytes_max.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "integration/raw_http.hpp"
#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr size_t kJsonBytesMax = size_t{4} << 20;  // the default

class JsonLimits : public SharedRecondSuite<JsonLimits> {
 public:
  static void ExpectProblem(const HttpAnswer& a, int status, const std::string& type, const std::string& words,
                            const std::string& what) {
    EXPECT_EQ(a.status, status) << what << ": " << a.body.substr(0, 400);
    EXPECT_EQ(a.headers.count("content-type") ? a.headers.at("content-type") : "", "application/problem+json") << what;
    Json problem = Json::parse(a.body, nullptr, false);
    EXPECT_EQ(problem.value("type", ""), "urn:recond:problem:" + type) << what << ": " << a.body.substr(0, 400);
    EXPECT_NE(problem.value("detail", "").find(words), std::string::npos) << what << ": " << a.body.substr(0, 400);
  }
  static void ExpectAlive() {
    const HttpAnswer health = HttpCall(server_->port(), "GET", "/healthz");
    EXPECT_EQ(health.status, 200) << "recond did not survive";
  }
};

struct JsonRoute {
  const char* method;
  const char* target;
  const char* content_type;
  // A body the route would take, around the place where the deep value goes.
  const char* before;
  const char* after;
};

// Every route that reads a JSON body (the connection routes and the NDJSON form included).
const std::vector<JsonRoute>& JsonRoutes() {
  static const std::vector<JsonRoute> routes = {
      {"POST", "/v1/open-items", "application/json", R"([{"external_id":"A","amount":"1","currency":"EUR","x":)", "}]"},
      {"POST", "/v1/open-items", "application/x-ndjson", R"({"external_id":"A","amount":"1","currency":"EUR","x":)",
       "}"},
      {"POST", "/v1/reconcile", "application/json", R"({"account":)", "}"},
      {"POST", "/v1/matches", "application/json",
       R"({"line_ids":["ln_1"],"allocations":[{"external_id":"A","amount":"1","x":)", "}]}"},
      {"POST", "/v1/matches/review", "application/json", R"({"decisions":[{"id":"mt_1","action":"approve","x":)",
       "}]}"},
      {"PUT", "/v1/rules", "application/json", R"({"rules":[{"name":"x","kind":"amount_date","x":)", "}]}"},
      {"POST", "/v1/connections", "application/json", R"({"name":"x","type":"directory","settings":{"path":)", "}}"},
      {"PATCH", "/v1/connections/cn_1", "application/json", R"({"settings":{"path":)", "}}"},
  };
  return routes;
}

// Regression: a body with a value a million levels deep (2 MB of '[' and ']') killed recond
// with SIGSEGV (POST /v1/connections copied the parsed settings, and the copy recursed once per
// level). Every JSON route now refuses such a body, bare or inside the body the route takes,
// with a 400 that names json_depth_max and the byte, and recond lives on.
TEST_F(JsonLimits, AMillionLevelsDeepIsRefusedOnEveryJsonRoute) {
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  for (const JsonRoute& r : JsonRoutes()) {
    for (const bool wrapped : {false, true}) {
      const std::string what = std::string(r.method) + " " + r.target + " (" + r.content_type + ")" +
                               (wrapped ? " inside its body" : " bare");
      const std::string body = wrapped ? r.before + deep + r.after : deep;
      const HttpAnswer a = Call(r.method, r.target, body, {{"Content-Type", r.content_type}});
      ExpectProblem(a, 400, "invalid-request", "json_depth_max", what);
      const Json problem = Json::parse(a.body, nullptr, false);
      if (!wrapped) {
        EXPECT_EQ(problem.value("location", ""), "byte 33") << what;
      }
      EXPECT_TRUE(problem.value("location", "").starts_with("byte ")) << what;
      ExpectAlive();
    }
  }
  // Deep objects too.
  std::string objects = "{\"decisions\":[";
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  const HttpAnswer a = Call("POST", "/v1/matches/review", objects + "1" + std::string(100'000, '}') + "]}");
  ExpectProblem(a, 400, "invalid-request", "json_depth_max", "deep objects");
  ExpectAlive();
}

TEST_F(JsonLimits, DepthUpToTheLimitIsStillJson) {
  // A body whose values nest exactly 32 levels is read (the rule set is then wrong in its own
  // way, and says so); one level more is refused for its depth.
  auto body = [](int levels) {
    return "{\"rules\":[{\"name\":\"x\",\"kind\":\"structured_reference\",\"deep\":" + std::string(levels, '[') +
           std::string(levels, ']') + "}]}";
  };
  const HttpAnswer at_limit = Call("PUT", "/v1/rules?company=depth", body(29));
  EXPECT_EQ(at_limit.status, 422) << at_limit.body;
  EXPECT_EQ(at_limit.body.find("json_depth_max"), std::string::npos) << at_limit.body;
  ExpectProblem(Call("PUT", "/v1/rules?company=depth", body(30)), 400, "invalid-request", "json_depth_max", "33 levels");
}

// A JSON route's body beyond json_bytes_max is refused from its Content-Length, before a byte
// of it is read: the client that sends only the header gets its 413 at once (it would wait for
// read_timeout_ms if the server waited for the body).
TEST_F(JsonLimits, ABodyBeyondJsonBytesMaxIsRefusedFromTheHeader) {
  for (const char* target : {"/v1/reconcile", "/v1/open-items", "/v1/matches/review"}) {
    RawConnection conn(server_->port(), std::chrono::seconds(20));
    conn.Send(std::string("POST ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
              RecondProcess::kToken + "\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(kJsonBytesMax + 1) + "\r\n\r\n");
    const HttpAnswer a = conn.Read();
    ExpectProblem(a, 413, "payload-too-large", "json_bytes_max", target);
    EXPECT_EQ(a.headers.count("connection") ? a.headers.at("connection") : "", "close") << target;
  }
  // A client that asks first (Expect: 100-continue, as curl does) is told 413 instead of 100.
  RawConnection ask(server_->port(), std::chrono::seconds(20));
  ask.Send(std::string("POST /v1/reconcile HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") +
           RecondProcess::kToken + "\r\nExpect: 100-continue\r\nContent-Length: 9999999\r\n\r\n");
  ExpectProblem(ask.Read(), 413, "payload-too-large", "json_bytes_max", "Expect: 100-continue");
  // One within the limit is told to go on, and answered after its body.
  RawConnection fine(server_->port(), std::chrono::seconds(20));
  fine.Send(std::string("POST /v1/reconcile?company=limits&dry_run=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Authorization: Bearer ") +
            RecondProcess::kToken + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  const HttpAnswer go_on = fine.Read();
  EXPECT_EQ(go_on.status, 100);
  fine.Send("{}");
  EXPECT_EQ(fine.Read().status, 200);
  ExpectAlive();
}

// The whole body sent anyway: the client still reads the 413 (the server drops what it was sent
// instead of resetting the connection under it).
TEST_F(JsonLimits, ABodyBeyondJsonBytesMaxSentWholeIsAnsweredNotReset) {
  const std::string big = "[\"" + std::string(kJsonBytesMax, 'a') + "\"]";
  ExpectProblem(Call("POST", "/v1/matches", big), 413, "payload-too-large", "json_bytes_max", "POST /v1/matches");
  ExpectProblem(Call("POST", "/v1/open-items", big), 413, "payload-too-large", "json_bytes_max", "an items array");
  // Chunked, without a Content-Length: refused as the chunks pass the limit.
  RawConnection chunked(server_->port(), std::chrono::seconds(30));
  chunked.Send(std::string("PUT /v1/rules HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") +
               RecondProcess::kToken + "\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk(1 << 20, 'x');
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 5; ++i) chunked.Send(size + chunk + "\r\n");
  ExpectProblem(chunked.Read(), 413, "payload-too-large", "json_bytes_max", "chunked");
  ExpectAlive();
}

// Uploads are not JSON: they keep body_bytes_max. NDJSON bulks too, with each line within
// json_bytes_max.
TEST_F(JsonLimits, UploadsAndNdjsonBulksKeepTheLargeLimit) {
  const HttpAnswer upload = Call("POST", "/v1/statements?company=limits", std::string(kJsonBytesMax + 4096, 'x'),
                                 {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(upload.status, 422) << upload.body.substr(0, 300);  // read, and found to be no statement

  std::string ndjson;
  for (int i = 0; ndjson.size() <= kJsonBytesMax; ++i) {
    ndjson += R"({"external_id":"BULK-)" + std::to_string(i) +
              R"(","amount":"10.00","currency":"EUR","partner_name":")" + std::string(200, 'n') + "\"}\n";
  }
  const HttpAnswer bulk = Call("POST", "/v1/open-items?company=limits", ndjson, {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(bulk.status, 200) << bulk.body.substr(0, 300);

  const std::string long_line = R"({"external_id":"LONG","amount":"1.00","currency":"EUR","partner_name":")" +
                                std::string(kJsonBytesMax, 'n') + "\"}\n";
  const HttpAnswer refused = Call("POST", "/v1/open-items?company=limits", "{\"external_id\":\"A\",\"amount\":\"1\","
                                  "\"currency\":\"EUR\"}\n" + long_line, {{"Content-Type", "application/x-ndjson"}});
  ExpectProblem(refused, 413, "payload-too-large", "json_bytes_max", "a long NDJSON line");
  EXPECT_NE(refused.body.find("line 2"), std::string::npos) << refused.body.substr(0, 300);
  ExpectAlive();
}

}  // namespace
}  // namespace recon::testing
