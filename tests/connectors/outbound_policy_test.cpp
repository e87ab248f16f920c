// Issue 11, points 9 and 10: a connection's requests went wherever its URLs (from any API caller)
// and its bank's links pointed: plain http, any host, the machine's own network (loopback, the
// cloud metadata service on 169.254.169.254, private addresses). Now the text of every URL and
// every address it resolves to are checked against the OutboundPolicy.
#include "connectors/http/outbound_policy.hpp"

#include <gtest/gtest.h>

#include "connectors/http/http_client.hpp"
#include "connectors/loopback.hpp"
#include "connectors/registry.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

namespace ip = boost::asio::ip;

TEST(ClassifyAddress, Table) {
  struct Row {
    const char* address;
    AddressClass cls;
  } rows[] = {
      {"8.8.8.8", AddressClass::kPublic},
      {"93.184.216.34", AddressClass::kPublic},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.0.9", AddressClass::kLoopback},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"169.254.169.254", AddressClass::kLinkLocal},
      {"10.0.0.5", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},
      {"192.168.1.1", AddressClass::kPrivate},
      {"100.64.0.1", AddressClass::kPrivate},
      {"100.128.0.1", AddressClass::kPublic},
      {"192.0.2.1", AddressClass::kReserved},
      {"224.0.0.1", AddressClass::kMulticast},
      {"255.255.255.255", AddressClass::kReserved},
      {"::", AddressClass::kUnspecified},
      {"::1", AddressClass::kLoopback},
      {"fe80::1", AddressClass::kLinkLocal},
      {"febf::1", AddressClass::kLinkLocal},
      {"fec0::1", AddressClass::kPrivate},
      {"fc00::1", AddressClass::kPrivate},
      {"fd12:3456::1", AddressClass::kPrivate},
      {"ff02::1", AddressClass::kMulticast},
      {"2001:db8::1", AddressClass::kReserved},
      {"2a00:1450:4001:80b::200e", AddressClass::kPublic},
      // IPv4 inside IPv6 is judged by the IPv4 address it reaches.
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
      {"::ffff:10.1.2.3", AddressClass::kPrivate},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"::127.0.0.1", AddressClass::kLoopback},
      {"64:ff9b::a9fe:a9fe", AddressClass::kLinkLocal},
      {"64:ff9b::808:808", AddressClass::kPublic},
      {"64:ff9b:1::1", AddressClass::kPrivate},
      {"2002:7f00:1::", AddressClass::kLoopback},
      {"2002:0808:0808::", AddressClass::kPublic},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(AddressClassName(ClassifyAddress(ip::make_address(r.address))), AddressClassName(r.cls)) << r.address;
  }
}

OutboundPolicy Strict() {
  return OutboundPolicy{};
}

OutboundPolicy AllowList(std::vector<std::string> hosts) {
  OutboundPolicy p;
  p.hosts_allowed = std::move(hosts);
  p.kind = "berlin-group";
  return p;
}

TEST(CheckUrl, Table) {
  OutboundPolicy loopback_http = Strict();
  loopback_http.plain_http_loopback_allowed = true;
  loopback_http.private_addresses_allowed = true;
  struct Row {
    const char* what;
    OutboundPolicy policy;
    std::string url;
    const char* refusal;  // "" = allowed
  } rows[] = {
      {"https to a name", Strict(), "https://api.bank.example/v1", ""},
      {"https to a public address", Strict(), "https://93.184.216.34/", ""},
      {"plain http to a name", Strict(), "http://api.bank.example/v1", "https is required"},
      {"plain http to loopback, not allowed", Strict(), "http://127.0.0.1:8080/",
       "connections_allow_plain_http_loopback"},
      {"plain http to loopback, allowed", loopback_http, "http://127.0.0.1:8080/", ""},
      {"plain http to localhost, allowed", loopback_http, "http://localhost:8080/", ""},
      {"plain http to a name, even when loopback http is allowed", loopback_http, "http://bank.example/",
       "https is required"},
      {"loopback literal", Strict(), "https://127.0.0.1/", "loopback address"},
      {"metadata service", Strict(), "https://169.254.169.254/latest/meta-data", "link-local address"},
      {"private literal", Strict(), "https://10.0.0.5/", "outbound_private_addresses_allowed"},
      {"IPv6 loopback", Strict(), "https://[::1]:8443/", "loopback"},
      {"mapped loopback", Strict(), "https://[::ffff:127.0.0.1]/", "loopback"},
      {"unspecified", Strict(), "https://0.0.0.0/", "unspecified"},
      {"allowed host", AllowList({"api.bank.example"}), "https://api.bank.example/token", ""},
      {"allowed host in capitals", AllowList({"api.bank.example"}), "https://API.Bank.Example/token", ""},
      {"another host", AllowList({"api.bank.example"}), "https://evil.example/token",
       "host evil.example is not in connector_hosts_allowed for berlin-group (allowed: api.bank.example)"},
      {"a suffix is not a subdomain", AllowList({"bank.example"}), "https://evilbank.example/", "not in"},
      {"wildcard", AllowList({"*.bank.example"}), "https://psd2.bank.example/", ""},
      {"wildcard, deeper", AllowList({"*.bank.example"}), "https://a.b.bank.example/", ""},
      {"wildcard does not match the apex", AllowList({"*.bank.example"}), "https://bank.example/", "not in"},
      {"trailing dot is another name", AllowList({"api.bank.example"}), "https://api.bank.example./", "not in"},
      {"empty allow-list: the kind may call nothing", AllowList({}), "https://api.bank.example/", "(allowed: none)"},
      {"not a URL", Strict(), "ftp://bank.example/", "not an http(s) URL"},
  };
  for (const Row& r : rows) {
    Status s = CheckUrl(r.policy, r.url);
    if (std::string(r.refusal).empty()) {
      EXPECT_TRUE(s.ok()) << r.what << ": " << s.error().message;
      continue;
    }
    ASSERT_FALSE(s.ok()) << r.what;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest) << r.what;
    EXPECT_NE(s.error().message.find(r.refusal), std::string::npos) << r.what << ": " << s.error().message;
  }
  Status named = CheckEndpointSetting(Strict(), "token_url", "http://evil.example/token");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().message.rfind("token_url is refused: https is required", 0), 0u) << named.error().message;
}

TEST(SplitUrl, HostsAreParsedStrictly) {
  auto v6 = SplitUrl("https://[2001:db8::1]:8443/x");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->port, "8443");
  auto upper = SplitUrl("https://API.Bank.Example/a#frag");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(upper->host, "api.bank.example");
  EXPECT_EQ(upper->target, "/a");
  auto hash = SplitUrl("https://evil.example#@api.bank.example/");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->host, "evil.example");  // what is connected to is what is checked
  for (const char* bad :
       {"https://bank.example/a b", "https://bank.example/\r\nX-Injected: 1", "https://bank\t.example/",
        "https://bank%2eexample/", "https://[fe80::1%25eth0]/", "https://[::1/", "https://bank.example:0/",
        "https://bank.example:65536/", "https://bank.example:/", "https://ba;nk.example/"}) {
    EXPECT_FALSE(SplitUrl(bad).ok()) << bad;
  }
}

// With the default policy, the mock bank on 127.0.0.1 is out of reach: refused before a byte is
// sent, with an error that names the setting.
TEST(Transport, ALoopbackBankIsRefusedUnlessTheConfigurationAllowsIt) {
  testing::MockBank bank;
  HttpClientSettings settings;
  settings.policy.plain_http_loopback_allowed = true;  // the scheme is not what is tested here
  auto res = MakeBeastHttpClient(settings)->Send({"GET", bank.base_url() + "/v1/accounts", {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidRequest);  // a person must act; retrying will not help
  EXPECT_NE(res.error().message.find("127.0.0.1, a loopback address"), std::string::npos) << res.error().message;
  EXPECT_NE(res.error().message.find("outbound_private_addresses_allowed"), std::string::npos);
  EXPECT_EQ(bank.Requests("/"), 0);
  EXPECT_TRUE(MakeBeastHttpClient(LoopbackHttp())->Send({"GET", bank.base_url() + "/v1/accounts", {}, ""}).ok());
}

// A name is judged by the addresses it resolves to when recond connects (a DNS answer can change
// between a check of the URL and the connection): "localhost" passes the URL check and is
// refused at connect time.
TEST(Transport, TheResolvedAddressIsCheckedNotOnlyTheName) {
  testing::MockBank bank;
  HttpClientSettings settings;
  settings.policy.plain_http_loopback_allowed = true;
  const std::string url = "http://localhost:" + bank.base_url().substr(bank.base_url().rfind(':') + 1) + "/v1/accounts";
  ASSERT_TRUE(CheckUrl(settings.policy, url).ok());
  auto res = MakeBeastHttpClient(settings)->Send({"GET", url, {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(res.error().message.find("(localhost), a loopback address"), std::string::npos) << res.error().message;
  EXPECT_EQ(bank.Requests("/"), 0);
}

// A bank's listing or next-page link that points at another host does not take the bearer token there.
TEST(Transport, ALinkToAnotherOriginIsNotFollowed) {
  testing::MockBank bank;
  testing::MockBank elsewhere;
  bank.AddFile({"a.sta", "x", elsewhere.base_url() + "/files/a.sta"});
  elsewhere.AddFile({"a.sta", "x"});
  const nlohmann::json settings = {{"list_url", bank.base_url() + "/files"},
                                   {"token_url", bank.base_url() + "/token"},
                                   {"client_id", "recond"},
                                   {"backoff_base_ms", 1}};
  auto connector = BuiltinConnectors().Create("file-download", settings, LoopbackContext());
  ASSERT_TRUE(connector.ok()) << connector.error().message;
  auto fetched = (*connector)->Fetch("");
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(fetched.error().message.find("leads away from list_url's host"), std::string::npos)
      << fetched.error().message;
  EXPECT_EQ(elsewhere.Requests("/"), 0);
}

TEST(ConnectorSettings, EndpointsAreCheckedWhenAConnectorIsMade) {
  testing::MockBank bank;
  ConnectorContext context = LoopbackContext();
  context.outbound.hosts_allowed = std::vector<std::string>{"api.bank.example"};
  context.outbound.kind = "berlin-group";
  const nlohmann::json berlin = {{"base_url", "https://api.bank.example"},
                                 {"token_url", bank.base_url() + "/token"},
                                 {"client_id", "recond"},
                                 {"date_from", "2026-01-01"}};
  auto made = BuiltinConnectors().Create("berlin-group", berlin, context);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message.rfind("token_url is refused: host 127.0.0.1 is not in connector_hosts_allowed", 0), 0u)
      << made.error().message;
  nlohmann::json redirect = berlin;
  redirect["token_url"] = "https://api.bank.example/token";
  redirect["redirect_uri"] = "http://recond.example/oauth/callback";
  auto plain = BuiltinConnectors().Create("berlin-group", redirect, context);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().message.rfind("redirect_uri must be https", 0), 0u) << plain.error().message;
  redirect["redirect_uri"] = "https://recond.example/oauth/callback";
  redirect["pkce"] = "yes";
  auto pkce = BuiltinConnectors().Create("berlin-group", redirect, context);
  ASSERT_FALSE(pkce.ok());
  EXPECT_EQ(pkce.error().message.rfind("pkce must be true or false", 0), 0u) << pkce.error().message;
  redirect["pkce"] = false;
  EXPECT_TRUE(BuiltinConnectors().Create("berlin-group", redirect, context).ok());
}

// The consent id travels as the Consent-ID header: a line break in it would add a header of the
// API caller's choosing to every request to the bank.
TEST(ConnectorSettings, AConsentIdCannotCarryAHeader) {
  const nlohmann::json settings = {{"base_url", "https://api.bank.example"},
                                   {"token_url", "https://api.bank.example/t"},
                                   {"client_id", "recond"},
                                   {"date_from", "2026-01-01"},
                                   {"consent_id", "c-1\r\nX-Injected: 1"}};
  auto made = BuiltinConnectors().Create("berlin-group", settings, LoopbackContext());
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message, "consent_id must not contain control characters");
}

TEST(ConnectorSettings, CertificateFilesAreNamesFromTheConfiguration) {
  ConnectorContext context = LoopbackContext();
  context.certificate_files = {{"bank-ca", "/etc/recond/bank-ca.pem"}};
  nlohmann::json settings = {{"list_url", "https://files.bank.example/list"}, {"ca_file", "/etc/shadow"}};
  auto path = BuiltinConnectors().Create("file-download", settings, context);
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(
      path.error().message,
      "ca_file must name one of the server's certificate_files (bank-ca); file paths are not accepted from the API");
  settings["ca_file"] = "bank-ca";
  EXPECT_TRUE(BuiltinConnectors().Create("file-download", settings, context).ok());
  settings["client_cert_file"] = "bank-ca";
  settings["client_key_file"] = "../../etc/ssh/ssh_host_ed25519_key";
  auto key = BuiltinConnectors().Create("file-download", settings, context);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().message.rfind("client_key_file must name one of the server's certificate_files", 0), 0u);
}

}  // namespace
}  // namespace recon::connectors
