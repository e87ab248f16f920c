// A small HTTP(S) client interface so connectors can be pointed at a bank or at the mock bank
// in tests, and so retry and OAuth can wrap any transport.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/http/outbound_policy.hpp"
#include "recon/error.hpp"

namespace recon::connectors {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: http://host[:port]/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // The header's value, or "" when absent; `name` in lower case.
  std::string Header(const std::string& name) const;
};

// TLS for https URLs. Empty values mean "not used" (system CA store, no client certificate).
// The mTLS client identity comes either as PEM text (a connection's sealed secrets, opened for
// one pull only) or as files on the recond host; not both.
struct TlsSettings {
  // Files come from the server configuration only (certificate_files), never from an API
  // caller; they are read when a request is made, by their canonical path, without following a
  // link in its last component (connectors/files/safe_open.hpp, ReadConfiguredFile).
  std::string ca_file;           // PEM bundle to trust instead of the system store
  std::string client_cert_pem;   // PEM certificate (chain) for mTLS, when the bank demands it
  std::string client_key_pem;    // PEM private key matching client_cert_pem
  std::string client_cert_file;  // the same as files on disk
  std::string client_key_file;
  bool verify_peer = true;       // off only in tests with self-signed certificates
};

struct HttpClientSettings {
  int connect_timeout_ms = 10'000;          // resolve + connect + TLS handshake; 1..600000
  int request_timeout_ms = 60'000;          // write the request and read the whole response
  size_t response_bytes_max = 64u << 20;    // body limit; a larger answer is kLimitExceeded
  TlsSettings tls;
  OutboundPolicy policy;                    // https only, public addresses only, unless configured
};

// Sends one request and returns the response whatever its status code. Redirects are not followed.
// Errors: kUnavailable (DNS, connect, TLS, timeout or a broken connection: worth retrying),
// kLimitExceeded (response beyond response_bytes_max), kInvalidRequest (a URL it cannot use or
// that the OutboundPolicy refuses, a host that resolves only to addresses the policy refuses, a
// client certificate it cannot load, or a bank that refuses the TLS client certificate or its
// absence: not worth retrying, a person must fix the connection).
// Implementations say whether they are thread-safe.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// The Beast/Asio transport: one connection per request (banks' AIS APIs are called a few times
// a day, so connection reuse buys nothing). Thread-safe: every Send has its own io_context.
std::unique_ptr<HttpClient> MakeBeastHttpClient(HttpClientSettings settings);

// Parts of an absolute URL. Exposed for tests.
struct UrlParts {
  bool https = false;
  std::string host;    // lower case; an IPv6 literal without its brackets
  std::string port;    // 1..65535
  std::string target;  // path plus query, at least "/"; never the #fragment
};
// kInvalidRequest for anything but http(s)://host[:port][/path][?query][#fragment] with a host
// of letters, digits, '.', '-' and '_' or a bracketed IPv6 literal (no zone), no credentials,
// and no space or control character anywhere (it would end up in the request line).
Result<UrlParts> SplitUrl(const std::string& url);
// The same scheme, host and port.
bool SameOrigin(const UrlParts& a, const UrlParts& b);


// Resolves `ref` (absolute, or an absolute path like "/v1/x?page=2") against `base`.
std::string ResolveUrl(const std::string& base, const std::string& ref);

// application/x-www-form-urlencoded escaping of one value.
std::string FormEncode(const std::string& value);

}  // namespace recon::connectors
