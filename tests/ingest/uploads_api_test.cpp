// Every received file and what became of it: the real recond over HTTP against the test
// PostgreSQL. Issue 11 point 6: a file that failed to parse was only an upload_failures row
// that no route listed, and statement statuses `pending` and `error` were never written.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class UploadsApi : public SharedRecondSuite<UploadsApi> {
 public:  // SharedRecondSuite's hook
  // Files of 1,000 bytes or more (the camt and MT940 fixtures) take the path of large files,
  // a pending receipt opened before they are read; smaller ones (the refused bits of text
  // below, the bad camt of 535 bytes) have their receipt written once.
  static std::map<std::string, std::string> Env() { return {{"RECOND_PENDING_RECEIPT_BYTES_MIN", "1000"}}; }

 protected:
  static Json Receipts(const std::string& company, const std::string& query = "") {
    auto res = Call("GET", "/v1/uploads?company=" + company + query);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.status == 200 ? JsonOf(res)["items"] : Json::array();
  }
  static Json Receipt(const std::string& company, const std::string& id) {
    auto res = Call("GET", "/v1/uploads/" + id + "?company=" + company);
    EXPECT_EQ(res.status, 200) << res.body;
    return JsonOf(res);
  }
};

TEST_F(UploadsApi, EveryReceivedFileHasAReceiptWithItsOutcome) {
  const std::string good = ReadFixture("camt/camt053_v08_basic.xml");
  const std::string bad = ReadFixture("camt/camt053_bad_amount.xml");
  auto stored = Call("POST", "/v1/statements?company=receipts", good);
  ASSERT_EQ(stored.status, 201) << stored.body;
  const Json statement_ids = Json::array({JsonOf(stored)["statements"][0]["id"]});
  auto again = Call("POST", "/v1/statements?company=receipts", good);
  ASSERT_EQ(again.status, 200);
  auto refused = Call("POST", "/v1/statements?company=receipts&format=camt", bad);
  ASSERT_EQ(refused.status, 422);
  ASSERT_EQ(Call("POST", "/v1/statements?company=receipts", "").status, 422);
  ASSERT_EQ(Call("POST", "/v1/statements?company=receipts&profile=no-such-bank", "a;b\n1;2\n").status, 400);

  const Json items = Receipts("receipts");
  ASSERT_EQ(items.size(), 5u) << items.dump(1);
  const Json& first = items[0];
  EXPECT_EQ(first["id"], JsonOf(stored)["upload_id"]);
  EXPECT_EQ(first["source"], "upload");
  EXPECT_TRUE(first["connection_id"].is_null());
  EXPECT_EQ(first["outcome"], "stored");
  EXPECT_EQ(first["format"], "camt.053.001.08");
  EXPECT_EQ(first["size_bytes"], good.size());
  EXPECT_EQ(first["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(first["statements"], statement_ids);
  EXPECT_TRUE(first["problem"].is_null());
  EXPECT_EQ(first["content"]["available"], true);
  EXPECT_FALSE(first["received_at"].get<std::string>().empty());
  EXPECT_FALSE(first["finished_at"].is_null());

  EXPECT_EQ(items[1]["id"], JsonOf(again)["upload_id"]);
  EXPECT_EQ(items[1]["outcome"], "duplicate");
  EXPECT_EQ(items[1]["statements"], statement_ids);  // the statements the answer named again
  EXPECT_EQ(items[1]["sha256"], first["sha256"]);

  EXPECT_EQ(items[2]["outcome"], "refused");
  EXPECT_EQ(items[2]["format"], "camt");
  EXPECT_EQ(items[2]["statements"], Json::array());
  EXPECT_EQ(items[2]["problem"]["type"], "urn:recond:problem:malformed-file");
  EXPECT_EQ(items[2]["problem"]["status"], 422);
  EXPECT_EQ(items[2]["problem"]["location"], "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt");
  EXPECT_EQ(items[2]["problem"]["detail"], JsonOf(refused)["detail"]);
  EXPECT_EQ(items[2]["content"]["available"], true);

  EXPECT_EQ(items[3]["outcome"], "refused");
  EXPECT_EQ(items[3]["size_bytes"], 0);
  EXPECT_EQ(items[4]["outcome"], "refused");
  EXPECT_EQ(items[4]["profile"], "no-such-bank");
  EXPECT_EQ(items[4]["problem"]["type"], "urn:recond:problem:invalid-request");
  EXPECT_EQ(items[4]["problem"]["location"], "profile");

  EXPECT_EQ(Receipt("receipts", items[2]["id"]), items[2]);
  // Nothing of the refused files is a statement; the statement list is unchanged.
  EXPECT_EQ(JsonOf(Call("GET", "/v1/statements?company=receipts"))["items"].size(), 1u);
  EXPECT_EQ(Receipts("other-company").size(), 0u);
  EXPECT_EQ(Call("GET", "/v1/uploads/" + items[0]["id"].get<std::string>() + "?company=other-company").status, 404);
}

TEST_F(UploadsApi, TheListNarrowsAndPages) {
  const std::string good = ReadFixture("camt/camt053_v08_basic.xml");
  ASSERT_EQ(Call("POST", "/v1/statements?company=narrow", good).status, 201);
  ASSERT_EQ(Call("POST", "/v1/statements?company=narrow", "not a statement").status, 422);
  ASSERT_EQ(Call("POST", "/v1/statements?company=narrow", good).status, 200);

  EXPECT_EQ(Receipts("narrow", "&outcome=refused").size(), 1u);
  EXPECT_EQ(Receipts("narrow", "&outcome=stored").size(), 1u);
  EXPECT_EQ(Receipts("narrow", "&source=upload").size(), 3u);
  EXPECT_EQ(Receipts("narrow", "&source=pull").size(), 0u);
  const std::string sha = Receipts("narrow", "&outcome=stored")[0]["sha256"];
  EXPECT_EQ(Receipts("narrow", "&sha256=" + sha).size(), 2u);
  std::string upper = sha;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(Receipts("narrow", "&sha256=" + upper).size(), 2u);
  EXPECT_EQ(Receipts("narrow", "&date_from=2000-01-01&date_to=2099-12-31").size(), 3u);
  EXPECT_EQ(Receipts("narrow", "&date_to=2000-01-01").size(), 0u);

  auto page = JsonOf(Call("GET", "/v1/uploads?company=narrow&limit=2"));
  ASSERT_EQ(page["items"].size(), 2u);
  ASSERT_TRUE(page["next_cursor"].is_string());
  auto rest = JsonOf(Call("GET", "/v1/uploads?company=narrow&limit=2&cursor=" + page["next_cursor"].get<std::string>()));
  ASSERT_EQ(rest["items"].size(), 1u);
  EXPECT_EQ(rest["items"][0]["outcome"], "duplicate");
  EXPECT_TRUE(rest["next_cursor"].is_null());

  for (const char* query : {"outcome=lost", "source=fax", "connection_id=42", "sha256=abc", "date_from=yesterday",
                            "limit=0"}) {
    auto res = Call("GET", std::string("/v1/uploads?company=narrow&") + query);
    EXPECT_EQ(res.status, 400) << query << ": " << res.body;
  }
  EXPECT_EQ(JsonOf(Call("GET", "/v1/uploads?company=narrow&outcome=lost"))["location"], "outcome");
  EXPECT_EQ(Call("GET", "/v1/uploads/up_999999?company=narrow").status, 404);
  EXPECT_EQ(Call("GET", "/v1/uploads/st_1?company=narrow").status, 404);
}

TEST_F(UploadsApi, TheContentIsTheBytesAsReceived) {
  const std::string good = ReadFixture("camt/camt053_v02_prefixed.xml");
  const std::string body = "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"März 1.xml\"\r\n"
                           "Content-Type: application/xml\r\n\r\n" + good + "\r\n--B0undary--\r\n";
  auto stored = Call("POST", "/v1/statements?company=content", body,
                     {{"Content-Type", "multipart/form-data; boundary=B0undary"}});
  ASSERT_EQ(stored.status, 201) << stored.body;
  const std::string id = JsonOf(stored)["upload_id"];
  const Json receipt = Receipt("content", id);
  EXPECT_EQ(receipt["file_name"], "März 1.xml");
  auto content = Call("GET", "/v1/uploads/" + id + "/content?company=content");
  ASSERT_EQ(content.status, 200) << content.body;
  EXPECT_EQ(content.body, good);
  EXPECT_EQ(content.headers["content-type"], "application/octet-stream");
  EXPECT_EQ(content.headers["etag"], "\"" + receipt["sha256"].get<std::string>() + "\"");
  EXPECT_EQ(content.headers["repr-digest"].rfind("sha-256=:", 0), 0u);
  const std::string disposition = content.headers["content-disposition"];
  EXPECT_EQ(disposition, "attachment; filename=\"M__rz_1.xml\"; filename*=UTF-8''M%C3%A4rz%201.xml");
  EXPECT_EQ(disposition.find('\n'), std::string::npos);

  // A refused file's bytes, byte for byte, binary and all.
  std::string refused = "\x01\x02 not a statement \xFF\x00 end";
  refused += std::string(1, '\0');
  auto no = Call("POST", "/v1/statements?company=content", refused);
  ASSERT_EQ(no.status, 422);
  const Json refused_receipt = Receipts("content", "&outcome=refused")[0];
  auto bytes = Call("GET", "/v1/uploads/" + refused_receipt["id"].get<std::string>() + "/content?company=content");
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, refused);
  EXPECT_NE(bytes.headers["content-disposition"].find("up_"), std::string::npos);

  // The same refused bytes again: a second receipt, the bytes kept once.
  ASSERT_EQ(Call("POST", "/v1/statements?company=content", refused).status, 422);
  EXPECT_EQ(Receipts("content", "&outcome=refused").size(), 2u);
  EXPECT_EQ(QueryValue(TestDatabaseUrl(), "SELECT count(*) FROM upload_failures WHERE company = $1", "content"), "1");
}

TEST_F(UploadsApi, AnUploadAnswerNamesItsReceipt) {
  auto res = Call("POST", "/v1/statements?company=answer", ReadFixture("mt940/dutch_slash_multi.sta"));
  ASSERT_EQ(res.status, 201) << res.body;
  const std::string id = JsonOf(res)["upload_id"];
  EXPECT_EQ(id.rfind("up_", 0), 0u);
  EXPECT_EQ(Receipt("answer", id)["outcome"], "stored");
}

}  // namespace
}  // namespace recon::testing
