#include "connectors/http/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

TEST(SplitUrl, Table) {
  struct Row {
    std::string url;
    bool ok;
    bool https;
    std::string host, port, target;
  } rows[] = {
      {"http://127.0.0.1:8080/v1/x?a=b", true, false, "127.0.0.1", "8080", "/v1/x?a=b"},
      {"https://bank.example", true, true, "bank.example", "443", "/"},
      {"https://bank.example?x=1", true, true, "bank.example", "443", "/?x=1"},
      {"http://bank.example/", true, false, "bank.example", "80", "/"},
      {"ftp://bank.example/", false, false, "", "", ""},
      {"http://user:pw@bank.example/", false, false, "", "", ""},
      {"http://bank.example:abc/", false, false, "", "", ""},
      {"http:///x", false, false, "", "", ""},
  };
  for (const auto& row : rows) {
    auto parts = SplitUrl(row.url);
    ASSERT_EQ(parts.ok(), row.ok) << row.url;
    if (!row.ok) {
      EXPECT_EQ(parts.error().code, ErrorCode::kInvalidRequest);
      continue;
    }
    EXPECT_EQ(parts->https, row.https) << row.url;
    EXPECT_EQ(parts->host, row.host) << row.url;
    EXPECT_EQ(parts->port, row.port) << row.url;
    EXPECT_EQ(parts->target, row.target) << row.url;
  }
}

TEST(ResolveUrl, RelativeAndAbsolute) {
  EXPECT_EQ(ResolveUrl("http://h:1/v1/a?x", "/v1/b?page=2"), "http://h:1/v1/b?page=2");
  EXPECT_EQ(ResolveUrl("http://h:1/v1/a", "https://o/x"), "https://o/x");
  EXPECT_EQ(ResolveUrl("http://h:1", "v1/b"), "http://h:1/v1/b");
}

TEST(FormEncode, EscapesReserved) { EXPECT_EQ(FormEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9"); }

TEST(BeastHttpClient, PlainHttpExchange) {
  testing::MockBank bank;
  auto http = MakeBeastHttpClient(LoopbackHttp());
  auto res = http->Send({"POST", bank.base_url() + "/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
                         "grant_type=client_credentials&client_id=recond"});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("access_token"), std::string::npos);
  EXPECT_EQ(res->Header("content-type"), "application/json");
}

TEST(BeastHttpClient, ErrorStatusIsAResponseNotAnError) {
  testing::MockBank bank;
  bank.FailNext500(1);
  auto res = MakeBeastHttpClient(LoopbackHttp())->Send({"GET", bank.base_url() + "/v1/accounts", {}, ""});
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 500);
}

TEST(BeastHttpClient, SlowAnswerTimesOut) {
  testing::MockBank bank;
  bank.SetSlowMs(60'000);  // far beyond the timeout: a stalled client thread cannot close the gap
  HttpClientSettings settings = LoopbackHttp();
  settings.request_timeout_ms = 200;
  auto res = MakeBeastHttpClient(settings)->Send({"GET", bank.base_url() + "/v1/accounts", {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("timed out"), std::string::npos) << res.error().message;
}

TEST(BeastHttpClient, ResponseBeyondLimitIsLimitExceeded) {
  testing::MockBank bank;
  bank.AddFile({"big.xml", std::string(10'000, 'x')});
  HttpClientSettings settings = LoopbackHttp();
  settings.response_bytes_max = 1000;
  auto http = MakeBeastHttpClient(settings);
  auto token = http->Send({"POST", bank.base_url() + "/token", {}, "grant_type=client_credentials&client_id=recond"});
  ASSERT_TRUE(token.ok());
  auto access = nlohmann::json::parse(token->body)["access_token"].get<std::string>();
  auto res = http->Send({"GET", bank.base_url() + "/files/big.xml", {{"Authorization", "Bearer " + access}}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kLimitExceeded);
}

TEST(BeastHttpClient, RefusedConnectionIsUnavailable) {
  // A port bound but not listening refuses for certain; a closed port could be taken meanwhile
  // by a test running beside this one.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor bound(ioc);
  bound.open(boost::asio::ip::tcp::v4());
  bound.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string url = "http://127.0.0.1:" + std::to_string(bound.local_endpoint().port());
  auto res = MakeBeastHttpClient(LoopbackHttp())->Send({"GET", url + "/", {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
}

TEST(BeastHttpClient, MissingClientCertificateIsInvalidRequest) {
  HttpClientSettings settings = LoopbackHttp();
  settings.tls.client_cert_file = "/nonexistent/cert.pem";
  settings.tls.client_key_file = "/nonexistent/key.pem";
  auto res = MakeBeastHttpClient(settings)->Send({"GET", "https://127.0.0.1:1/", {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace recon::connectors
