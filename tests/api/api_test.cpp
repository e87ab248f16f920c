// Black-box tests: the real recond binary over HTTP against the test PostgreSQL.
// Every test works in its own company so that tests do not see each other's data.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr size_t kTestBodyBytesMax = 4u << 20;

class Api : public SharedRecondSuite<Api> {
 public:  // SharedRecondSuite's hooks
  static std::map<std::string, std::string> Env() {
    return {{"RECOND_BODY_BYTES_MAX", std::to_string(kTestBodyBytesMax)}};
  }
};

Json OpenItems() {
  return Json::array({
      {{"external_id", "INV-1"}, {"kind", "receivable"}, {"partner_id", "C1"}, {"partner_name", "Nordic Design AS"},
       {"document_number", "2026-0123"}, {"structured_reference", "RF18539007547034"}, {"amount", "1250.00"},
       {"open_amount", "1250.00"}, {"currency", "EUR"}, {"issue_date", "2026-10-20"}, {"due_date", "2026-11-19"}},
      {{"external_id", "INV-2"}, {"partner_id", "C2"}, {"amount", "99.00"}, {"currency", "EUR"},
       {"structured_reference", "RF471234"}},
  });
}

TEST_F(Api, HealthReadinessAndMetricsNeedNoToken) {
  auto health = HttpCall(server_->port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  auto ready = HttpCall(server_->port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(JsonOf(ready)["database"], "ok");
  auto metrics = HttpCall(server_->port(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("recond_http_requests_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("recond_http_request_duration_seconds"), std::string::npos);
}

TEST_F(Api, MissingOrWrongTokenIs401ProblemJson) {
  auto none = HttpCall(server_->port(), "GET", "/v1/statements");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["content-type"], "application/problem+json");
  EXPECT_EQ(JsonOf(none)["type"], "urn:recond:problem:unauthorized");
  auto wrong = HttpCall(server_->port(), "GET", "/v1/statements", "", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(wrong.status, 401);
  auto basic = HttpCall(server_->port(), "GET", "/v1/statements", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(basic.status, 401);
  auto upload = HttpCall(server_->port(), "POST", "/v1/statements", ReadFixture("camt/camt053_v08_basic.xml"));
  EXPECT_EQ(upload.status, 401);
}

TEST_F(Api, UnknownPathsAndMethodsAreProblems) {
  EXPECT_EQ(Call("GET", "/v1/nothing").status, 404);
  EXPECT_EQ(Call("DELETE", "/v1/statements").status, 405);
  EXPECT_EQ(Call("GET", "/v1/matches/xyz").status, 404);
  EXPECT_EQ(Call("GET", "/v1/statements?limit=0").status, 400);
  EXPECT_EQ(Call("GET", "/v1/statements?cursor=garbage").status, 400);
}

TEST_F(Api, TheSameFileTwiceIsOneStatement) {
  const std::string file = ReadFixture("camt/camt053_v08_basic.xml");
  auto first = Call("POST", "/v1/statements?company=twice", file, {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(first.status, 201) << first.body;
  Json body = JsonOf(first);
  ASSERT_EQ(body["statements"].size(), 1u);
  EXPECT_EQ(body["statements"][0]["lines"], 4);
  EXPECT_EQ(body["statements"][0]["account"], "NO9386011117947");
  EXPECT_EQ(body["statements"][0]["format"], "camt.053.001.08");
  EXPECT_EQ(body["statements"][0]["opening_balance"], "1000.00");
  EXPECT_EQ(body["statements"][0]["closing_balance"], "2450.50");
  EXPECT_TRUE(body["statements"][0]["available_balance"].is_null());  // the file has no CLAV

  auto again = Call("POST", "/v1/statements?company=twice", file);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(JsonOf(again)["statements"][0]["id"], body["statements"][0]["id"]);

  auto lines = JsonOf(Call("GET", "/v1/lines?company=twice"));
  EXPECT_EQ(lines["items"].size(), 4u);
  const Json& line = lines["items"][0];
  EXPECT_EQ(line["amount"], "1250.00");
  EXPECT_EQ(line["currency"], "EUR");
  EXPECT_EQ(line["structured_reference"], "RF18539007547034");
  EXPECT_EQ(line["status"], "unmatched");
  EXPECT_EQ(line["statement_id"], body["statements"][0]["id"]);
  EXPECT_EQ(line["value_date"], "2026-11-21");

  auto statements = JsonOf(Call("GET", "/v1/statements?company=twice"));
  ASSERT_EQ(statements["items"].size(), 1u);
  EXPECT_EQ(statements["items"][0]["status"], "processed");
  EXPECT_TRUE(statements["next_cursor"].is_null());
  auto one = Call("GET", "/v1/statements/" + body["statements"][0]["id"].get<std::string>() + "?company=twice");
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(Call("GET", "/v1/statements/st_999999?company=twice").status, 404);
}

TEST_F(Api, TheAvailableBalanceIsStoredAndShown) {
  auto upload = Call("POST", "/v1/statements?company=avail", ReadFixture("mt940/dutch_slash_multi.sta"));
  ASSERT_EQ(upload.status, 201) << upload.body;
  const Json uploaded = JsonOf(upload)["statements"][0];
  EXPECT_EQ(uploaded["available_balance"], "4226.28");  // :64:C261120EUR4226,28
  EXPECT_EQ(uploaded["available_date"], "2026-11-20");
  auto one = JsonOf(Call("GET", "/v1/statements/" + uploaded["id"].get<std::string>() + "?company=avail"));
  EXPECT_EQ(one["available_balance"], "4226.28");
  EXPECT_EQ(one["available_date"], "2026-11-20");
  EXPECT_EQ(one["closing_balance"], uploaded["closing_balance"]);
}

TEST_F(Api, AMalformedFileIs422WithThePlaceAndStoresNothing) {
  auto bad = Call("POST", "/v1/statements?company=bad", ReadFixture("camt/camt053_bad_amount.xml"));
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.headers["content-type"], "application/problem+json");
  Json problem = JsonOf(bad);
  EXPECT_EQ(problem["type"], "urn:recond:problem:malformed-file");
  EXPECT_EQ(problem["location"], "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt");
  EXPECT_NE(problem["detail"].get<std::string>().find("12,50"), std::string::npos);
  EXPECT_EQ(JsonOf(Call("GET", "/v1/lines?company=bad"))["items"].size(), 0u);
  EXPECT_EQ(JsonOf(Call("GET", "/v1/statements?company=bad"))["items"].size(), 0u);

  auto unknown = Call("POST", "/v1/statements?company=bad", "just some text");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(JsonOf(unknown)["type"], "urn:recond:problem:unsupported-format");
  auto empty = Call("POST", "/v1/statements?company=bad", "");
  EXPECT_EQ(empty.status, 422);

  // The refused files are kept for audit, byte for byte, with what was wrong and where.
  const std::string url = TestDatabaseUrl();
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM upload_failures WHERE company = $1", "bad"), "2");
  EXPECT_EQ(QueryValue(url,
                       "SELECT count(*) FROM upload_failures WHERE company = $1"
                       " AND encode(sha256(content), 'hex') = sha256 AND length(content) = size_bytes"
                       " AND error_location IS NOT DISTINCT FROM '/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt'",
                       "bad"),
            "1");
}

TEST_F(Api, BodiesBeyondTheLimitAre413) {
  const std::string big(kTestBodyBytesMax + 1024, 'x');
  auto res = Call("POST", "/v1/statements?company=big", big);
  EXPECT_EQ(res.status, 413);
  EXPECT_NE(res.body.find("body_bytes_max"), std::string::npos);
}

TEST_F(Api, MultipartUploadWorks) {
  const std::string file = ReadFixture("camt/camt053_v02_prefixed.xml");
  const std::string body = "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.xml\"\r\n"
                           "Content-Type: application/xml\r\n\r\n" + file + "\r\n--B0undary--\r\n";
  auto res = Call("POST", "/v1/statements?company=multi", body,
                  {{"Content-Type", "multipart/form-data; boundary=B0undary"}});
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(JsonOf(res)["statements"][0]["lines"], 1);
}

TEST_F(Api, OpenItemsUpsertCountsInsertedUpdatedUnchanged) {
  auto first = Call("POST", "/v1/open-items?company=items", OpenItems().dump());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(JsonOf(first), (Json{{"inserted", 2}, {"updated", 0}, {"unchanged", 0}}));
  auto same = Call("POST", "/v1/open-items?company=items", OpenItems().dump());
  EXPECT_EQ(JsonOf(same), (Json{{"inserted", 0}, {"updated", 0}, {"unchanged", 2}}));
  Json changed = OpenItems();
  changed[1]["amount"] = "98.00";
  auto update = Call("POST", "/v1/open-items?company=items", changed.dump());
  EXPECT_EQ(JsonOf(update), (Json{{"inserted", 0}, {"updated", 1}, {"unchanged", 1}}));
  // NDJSON is accepted too.
  const std::string ndjson = Json{{"external_id", "INV-3"}, {"amount", "5.00"}, {"currency", "EUR"}}.dump() + "\n";
  auto nd = Call("POST", "/v1/open-items?company=items", ndjson, {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(JsonOf(nd)["inserted"], 1);
  auto list = JsonOf(Call("GET", "/v1/open-items?company=items&status=open"));
  EXPECT_EQ(list["items"].size(), 3u);
}

TEST_F(Api, BadOpenItemsAreRefusedAsAWholeWithTheFieldNamed) {
  struct Case {
    Json item;
    const char* says;
  };
  const Case cases[] = {
      {{{"amount", "1.00"}, {"currency", "EUR"}}, "external_id"},
      {{{"external_id", "X"}, {"amount", 1.5}, {"currency", "EUR"}}, "decimal string"},
      {{{"external_id", "X"}, {"amount", "1.005"}, {"currency", "EUR"}}, "allows 2"},
      {{{"external_id", "X"}, {"amount", "1.00"}, {"currency", "EURO"}}, "ISO 4217"},
      {{{"external_id", "X"}, {"amount", "1.00"}, {"currency", "EUR"}, {"kind", "asset"}}, "kind"},
      {{{"external_id", "X"}, {"amount", "1.00"}, {"currency", "EUR"}, {"due_date", "2026-02-30"}}, "due_date"},
      {{{"external_id", "X"}, {"amount", "1.00"}, {"open_amount", "2.00"}, {"currency", "EUR"}}, "open_amount"},
  };
  for (const Case& c : cases) {
    Json body = Json::array({{{"external_id", "GOOD"}, {"amount", "1.00"}, {"currency", "EUR"}}, c.item});
    auto res = Call("POST", "/v1/open-items?company=baditems", body.dump());
    EXPECT_EQ(res.status >= 400 && res.status < 500, true) << c.says << ": " << res.status;
    EXPECT_NE(res.body.find(c.says), std::string::npos) << res.body;
    EXPECT_NE(res.body.find("item 1"), std::string::npos) << res.body;
  }
  auto dup = Call("POST", "/v1/open-items?company=baditems",
                  Json::array({{{"external_id", "D"}, {"amount", "1.00"}, {"currency", "EUR"}},
                               {{"external_id", "D"}, {"amount", "2.00"}, {"currency", "EUR"}}})
                      .dump());
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(Call("POST", "/v1/open-items?company=baditems", "{not json").status, 400);
  EXPECT_EQ(JsonOf(Call("GET", "/v1/open-items?company=baditems"))["items"].size(), 0u);
}

TEST_F(Api, UploadReconcileAndReadTheMatches) {
  ASSERT_EQ(Call("POST", "/v1/open-items?company=flow", OpenItems().dump()).status, 200);
  ASSERT_EQ(Call("POST", "/v1/statements?company=flow", ReadFixture("camt/camt053_v08_basic.xml")).status, 201);

  auto run = Call("POST", "/v1/reconcile?company=flow", "{}");
  ASSERT_EQ(run.status, 200) << run.body;
  Json r = JsonOf(run);
  EXPECT_EQ(r["lines_considered"], 4);
  EXPECT_EQ(r["applied"], 1);
  EXPECT_EQ(r["unmatched"], 3);
  EXPECT_TRUE(r["run_id"].get<std::string>().starts_with("run_"));

  auto applied = JsonOf(Call("GET", "/v1/matches?company=flow&status=applied"));
  ASSERT_EQ(applied["items"].size(), 1u);
  const Json& m = applied["items"][0];
  EXPECT_EQ(m["rule"], "structured_reference");
  EXPECT_GE(m["confidence"].get<double>(), 0.95);
  EXPECT_EQ(m["allocations"], (Json::array({{{"external_id", "INV-1"}, {"amount", "1250.00"}}})));
  EXPECT_EQ(m["lines"][0]["bank_reference"], "2026112000001");
  EXPECT_EQ(m["lines"][0]["amount"], "1250.00");
  EXPECT_TRUE(m["write_off"].is_null());
  EXPECT_NE(m["explanation"].get<std::string>().find("RF18539007547034"), std::string::npos);

  auto closed = JsonOf(Call("GET", "/v1/open-items?company=flow&status=closed"));
  ASSERT_EQ(closed["items"].size(), 1u);
  EXPECT_EQ(closed["items"][0]["open_amount"], "0.00");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/lines?company=flow&status=matched"))["items"].size(), 1u);

  // Nothing is matched twice.
  auto again = JsonOf(Call("POST", "/v1/reconcile?company=flow", "{}"));
  EXPECT_EQ(again["lines_considered"], 3);
  EXPECT_EQ(again["applied"], 0);

  // Reverse: the item and the line are open again; reversing twice is a conflict.
  const std::string id = m["id"];
  auto reversed = Call("POST", "/v1/matches/" + id + "/reverse?company=flow", "{}");
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  EXPECT_EQ(JsonOf(reversed)["status"], "reversed");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/open-items?company=flow&status=closed"))["items"].size(), 0u);
  EXPECT_EQ(Call("POST", "/v1/matches/" + id + "/reverse?company=flow", "{}").status, 409);
  EXPECT_EQ(Call("POST", "/v1/matches/" + id + "/approve?company=flow", "{}").status, 409);
  EXPECT_EQ(Call("POST", "/v1/matches/mt_99999999/approve?company=flow", "{}").status, 404);

  // A manual match of the same line and item; amounts must add up.
  const std::string line_id = JsonOf(Call("GET", "/v1/lines?company=flow&status=unmatched"))["items"][0]["id"];
  Json manual_bad = {{"line_ids", {line_id}}, {"allocations", {{{"external_id", "INV-1"}, {"amount", "1000.00"}}}}};
  EXPECT_EQ(Call("POST", "/v1/matches?company=flow", manual_bad.dump()).status, 400);
  Json manual = {{"line_ids", {line_id}}, {"allocations", {{{"external_id", "INV-1"}, {"amount", "1250.00"}}}}};
  auto made = Call("POST", "/v1/matches?company=flow", manual.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(JsonOf(made)["rule"], "manual");
  // The item is settled now: allocating it again would go beyond its amount.
  auto twice = Call("POST", "/v1/matches?company=flow", manual.dump());
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_NE(twice.body.find("line " + line_id + " is already fully matched"), std::string::npos) << twice.body;
}

TEST_F(Api, TwoLinesPayingOneItemSettleItOnce) {
  Json items = Json::array({{{"external_id", "DUP-1"}, {"amount", "100.00"}, {"currency", "EUR"},
                             {"structured_reference", "RF18539007547034"}}});
  ASSERT_EQ(Call("POST", "/v1/open-items?company=dup", items.dump()).status, 200);
  std::string file = ReadFixture("camt/camt053_v08_basic.xml");
  // Make both batch transactions pay DUP-1 by reference.
  for (const char* ustrd : {"<Ustrd>INV-1</Ustrd>", "<Ustrd>INV-2</Ustrd>"}) {
    const size_t at = file.find(ustrd);
    file.replace(at, std::string(ustrd).size(),
                 "<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>");
  }
  const size_t second_amount = file.find("<Amt Ccy=\"EUR\">200.00</Amt>");
  file.replace(second_amount, 27, "<Amt Ccy=\"EUR\">100.00</Amt>");
  // The batch entry must still add up, or the parser keeps it as one line.
  const size_t entry_amount = file.find("<Amt Ccy=\"EUR\">300.00</Amt>");
  file.replace(entry_amount, 27, "<Amt Ccy=\"EUR\">200.00</Amt>");
  ASSERT_EQ(Call("POST", "/v1/statements?company=dup", file).status, 201);
  auto run = JsonOf(Call("POST", "/v1/reconcile?company=dup", "{}"));
  EXPECT_EQ(run["applied"], 1);
  auto item = JsonOf(Call("GET", "/v1/open-items?company=dup"))["items"][0];
  EXPECT_EQ(item["open_amount"], "0.00");
}

TEST_F(Api, IdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody) {
  const std::string items = OpenItems().dump();
  auto first = Call("POST", "/v1/open-items?company=idem", items, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(JsonOf(first)["inserted"], 2);
  auto replay = Call("POST", "/v1/open-items?company=idem", items, {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, first.body);  // the stored answer, not "unchanged 2"
  EXPECT_EQ(replay.headers["idempotency-replayed"], "true");
  auto other = Call("POST", "/v1/open-items?company=idem", "[]", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(JsonOf(other)["type"], "urn:recond:problem:idempotency-key-reused");
  // Without a key the same body runs again.
  EXPECT_EQ(JsonOf(Call("POST", "/v1/open-items?company=idem", items))["unchanged"], 2);
  // A failed request does not keep its key: the retry runs.
  EXPECT_EQ(Call("POST", "/v1/open-items?company=idem", "{bad", {{"Idempotency-Key", "k-2"}}).status, 400);
  EXPECT_EQ(Call("POST", "/v1/open-items?company=idem", items, {{"Idempotency-Key", "k-2"}}).status, 200);
}

TEST_F(Api, OpenApiDocumentIsServed) {
  auto doc = Call("GET", "/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  Json j = JsonOf(doc);
  EXPECT_EQ(j["openapi"], "3.0.3");
  EXPECT_TRUE(j["paths"].contains("/v1/statements"));
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/v1/openapi.json").status, 401);
}

TEST_F(Api, RulesCanBeReadReplacedAndAreValidated) {
  auto rules = Call("GET", "/v1/rules?company=rules");
  ASSERT_EQ(rules.status, 200);
  EXPECT_EQ(JsonOf(rules)["rules"][0]["name"], "structured_reference");
  auto bad = Call("PUT", "/v1/rules?company=rules", R"({"rules": [{"name": "x", "kind": "telepathy"}]})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("telepathy"), std::string::npos);
  // Only references apply; nothing else is even proposed.
  auto put = Call("PUT", "/v1/rules?company=rules",
                  R"({"rules": [{"name": "refs", "kind": "structured_reference", "confidence": 0.99,
                                 "auto_apply_threshold": 0.95}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(JsonOf(Call("GET", "/v1/rules?company=rules"))["rules"].size(), 1u);
  ASSERT_EQ(Call("POST", "/v1/open-items?company=rules", OpenItems().dump()).status, 200);
  ASSERT_EQ(Call("POST", "/v1/statements?company=rules", ReadFixture("camt/camt053_v08_basic.xml")).status, 201);
  auto run = JsonOf(Call("POST", "/v1/reconcile?company=rules", "{}"));
  EXPECT_EQ(run["applied"], 1);
  EXPECT_EQ(run["proposed"], 0);
}

TEST_F(Api, DryRunReportsWithoutWritingAndAsyncRunsCanBeFollowed) {
  ASSERT_EQ(Call("POST", "/v1/open-items?company=dry", OpenItems().dump()).status, 200);
  ASSERT_EQ(Call("POST", "/v1/statements?company=dry", ReadFixture("camt/camt053_v08_basic.xml")).status, 201);
  auto dry = Call("POST", "/v1/reconcile?company=dry&dry_run=true", "{}");
  ASSERT_EQ(dry.status, 200) << dry.body;
  Json d = JsonOf(dry);
  EXPECT_EQ(d["applied"], 1);
  EXPECT_EQ(d["dry_run"], true);
  ASSERT_FALSE(d["decisions"].empty());
  EXPECT_EQ(d["decisions"][0]["outcome"], "apply");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/matches?company=dry"))["items"].size(), 0u);
  EXPECT_EQ(JsonOf(Call("GET", "/v1/lines?company=dry&status=unmatched"))["items"].size(), 4u);

  auto queued = Call("POST", "/v1/reconcile?company=dry&async=true", "{}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const std::string run_id = JsonOf(queued)["run_id"];
  Json run;
  for (int i = 0; i < 1200; ++i) {  // up to a minute: a loaded sanitizer build is slow, a done run ends the wait
    run = JsonOf(Call("GET", "/v1/runs/" + run_id + "?company=dry"));
    if (run["status"] == "done" || run["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(run["status"], "done") << run.dump();
  EXPECT_EQ(run["applied"], 1);
  EXPECT_EQ(Call("GET", "/v1/runs/run_99999999?company=dry").status, 404);
  EXPECT_EQ(Call("POST", "/v1/reconcile?company=dry&async=maybe", "{}").status, 400);
}

TEST_F(Api, ApprovalsTeachWhoPaysAndCandidatesExplain) {
  // A payer known by its IBAN in the ERP: the matcher proposes, a person approves, and
  // the partner's payers list shows what was learned.
  Json items = Json::array({{{"external_id", "K-1"}, {"partner_id", "P9"}, {"partner_name", "Fjord Living AB"},
                             {"partner_accounts", {"NO8330001234567"}}, {"amount", "1250.00"}, {"currency", "EUR"}}});
  ASSERT_EQ(Call("POST", "/v1/open-items?company=learn", items.dump()).status, 200);
  std::string file = ReadFixture("camt/camt053_v08_basic.xml");
  file.replace(file.find("<Strd>"), file.find("</Strd>") + 7 - file.find("<Strd>"), "");
  ASSERT_EQ(Call("POST", "/v1/statements?company=learn", file).status, 201);
  auto run = JsonOf(Call("POST", "/v1/reconcile?company=learn", "{}"));
  EXPECT_EQ(run["proposed"], 1) << run.dump();
  auto proposed = JsonOf(Call("GET", "/v1/matches?company=learn&status=proposed"));
  ASSERT_EQ(proposed["items"].size(), 1u);
  EXPECT_EQ(proposed["items"][0]["rule"], "known_payer");
  const std::string line_id = proposed["items"][0]["lines"][0]["id"];
  auto candidates = Call("GET", "/v1/lines/" + line_id + "/candidates?company=learn");
  ASSERT_EQ(candidates.status, 200) << candidates.body;
  ASSERT_FALSE(JsonOf(candidates)["items"].empty());
  EXPECT_NE(JsonOf(candidates)["items"][0]["explanation"].get<std::string>().find("NO8330001234567"), std::string::npos);

  const std::string match_id = proposed["items"][0]["id"];
  ASSERT_EQ(Call("POST", "/v1/matches/" + match_id + "/approve?company=learn", "{}").status, 200);
  auto payers = JsonOf(Call("GET", "/v1/partners/P9/payers?company=learn"));
  ASSERT_EQ(payers["items"].size(), 2u) << payers.dump();  // the account and the name
  EXPECT_EQ(payers["items"][0]["confirmations"], 1);
  // Reversing un-teaches.
  ASSERT_EQ(Call("POST", "/v1/matches/" + match_id + "/reverse?company=learn", "{}").status, 200);
  payers = JsonOf(Call("GET", "/v1/partners/P9/payers?company=learn"));
  EXPECT_EQ(payers["items"][0]["confirmations"], 0);
}

TEST_F(Api, SigtermStopsGracefully) {
  RecondProcess other(TestDatabaseUrl());
  ASSERT_TRUE(other.started());
  EXPECT_EQ(other.Call("GET", "/v1/statements?company=none").status, 200);
  EXPECT_EQ(other.Stop(), 0);
}

// The reconciler reports committed decisions through an observer the daemon wires to the
// metrics (issue 12): GET /metrics still counts them under the same name and labels.
TEST_F(Api, CommittedMatchesAreCountedInTheMetrics) {
  const std::string series = "recond_matches_total{outcome=\"applied\",rule=\"structured_reference\"} ";
  auto counted = [&series] {
    const std::string text = HttpCall(server_->port(), "GET", "/metrics").body;
    const size_t at = text.find(series);
    return at == std::string::npos ? 0.0 : std::stod(text.substr(at + series.size()));
  };
  const double before = counted();
  ASSERT_EQ(Call("POST", "/v1/open-items?company=counted", OpenItems().dump()).status, 200);
  ASSERT_EQ(Call("POST", "/v1/statements?company=counted", ReadFixture("camt/camt053_v08_basic.xml")).status, 201);
  auto run = Call("POST", "/v1/reconcile?company=counted", "{}");
  ASSERT_EQ(run.status, 200) << run.body;
  ASSERT_EQ(JsonOf(run)["applied"], 1);
  EXPECT_EQ(counted(), before + 1);
}

}  // namespace
}  // namespace recon::testing
