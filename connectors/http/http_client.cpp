#include "connectors/http/http_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <vector>

#include "connectors/files/safe_open.hpp"
#include "recon/ascii.hpp"
#include "recon/hex.hpp"

namespace recon::connectors {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Header block limit: a bank's headers are a few KiB; anything larger is not an API answer.
constexpr uint32_t kHeaderBytesMax = 64 * 1024;

http::request<http::string_body> BuildRequest(const HttpRequest& in, const UrlParts& url) {
  http::request<http::string_body> req;
  req.method_string(in.method);
  req.target(url.target);
  req.version(11);
  const bool v6 = url.host.find(':') != std::string::npos;
  const bool default_port = url.port == (url.https ? "443" : "80");
  req.set(http::field::host, (v6 ? "[" + url.host + "]" : url.host) + (default_port ? "" : ":" + url.port));
  req.set(http::field::user_agent, "recond");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : in.headers) req.set(name, value);
  req.body() = in.body;
  req.prepare_payload();
  return req;
}

HttpResponse ToResponse(http::response<http::string_body>&& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) out.headers[ascii::Lowercased(field.name_string())] = std::string(field.value());
  out.body = std::move(res.body());
  return out;
}

// The OutboundPolicy refused every address the host resolved to.
struct AddressRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The resolved addresses the policy accepts, in the resolver's order. Connecting only to these
// (never to the name again) means the address checked is the address used.
std::vector<tcp::endpoint> Permitted(const tcp::resolver::results_type& resolved, const UrlParts& url,
                                     const OutboundPolicy& policy) {
  std::vector<tcp::endpoint> out;
  std::string first_refusal;
  for (const auto& entry : resolved) {
    if (Status s = CheckAddress(policy, entry.endpoint().address(), url); !s) {
      if (first_refusal.empty()) first_refusal = s.error().message;
      continue;
    }
    out.push_back(entry.endpoint());
  }
  if (out.empty()) throw AddressRefused(first_refusal.empty() ? url.host + " resolved to no address" : first_refusal);
  return out;
}

template <class Stream>
asio::awaitable<void> Exchange(Stream& stream, beast::tcp_stream& tcp, const HttpRequest& in, const UrlParts& url,
                               const HttpClientSettings& settings, HttpResponse& out) {
  tcp.expires_after(std::chrono::milliseconds(settings.request_timeout_ms));
  auto req = BuildRequest(in, url);
  co_await http::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(settings.response_bytes_max);
  parser.header_limit(kHeaderBytesMax);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  out = ToResponse(parser.release());
}

asio::awaitable<void> Run(const HttpRequest& in, const UrlParts& url, const HttpClientSettings& settings,
                          asio::ssl::context* tls, HttpResponse& out) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_after(std::chrono::milliseconds(settings.connect_timeout_ms));
  auto resolved = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
  const std::vector<tcp::endpoint> endpoints = Permitted(resolved, url, settings.policy);
  co_await tcp_stream.async_connect(endpoints, asio::use_awaitable);
  if (!url.https) {
    co_await Exchange(tcp_stream, tcp_stream, in, url, settings, out);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream&> stream(tcp_stream, *tls);
  // SNI, and the name the certificate must carry.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
    throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
  if (settings.tls.verify_peer) stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  co_await Exchange(stream, tcp_stream, in, url, settings, out);
  // A bank closing without close_notify is common and harmless once the body is complete.
  beast::error_code ignored;
  tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

// True when the TLS layer failed because the server refused our client certificate, or wanted
// one and got none: the alerts a bank sends when mTLS is not satisfied.
bool IsClientCertificateRefusal(const beast::error_code& ec) {
  if (ec.category() != asio::error::get_ssl_category()) return false;
  switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
      return true;
    default:
      return false;
  }
}

// A CA bundle (the system's is about 200 KiB) or a client certificate chain or key.
constexpr size_t kTlsFileBytesMax = 4u << 20;

Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext(const TlsSettings& tls) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  beast::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  if (tls.ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    auto pem = ReadConfiguredFile("ca_file", tls.ca_file, kTlsFileBytesMax);
    if (!pem) return pem.take_error();
    ctx->add_certificate_authority(asio::buffer(*pem), ec);
  }
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "cannot load the CA certificates: " + ec.message());
  std::string cert_pem = tls.client_cert_pem;
  std::string key_pem = tls.client_key_pem;
  if (cert_pem.empty() && !tls.client_cert_file.empty()) {
    auto cert = ReadConfiguredFile("client_cert_file", tls.client_cert_file, kTlsFileBytesMax);
    if (!cert) return cert.take_error();
    auto key = ReadConfiguredFile("client_key_file", tls.client_key_file, kTlsFileBytesMax);
    if (!key) return key.take_error();
    cert_pem = std::move(cert).value();
    key_pem = std::move(key).value();
  }
  if (!cert_pem.empty()) {
    ctx->use_certificate_chain(asio::buffer(cert_pem), ec);
    if (!ec) ctx->use_private_key(asio::buffer(key_pem), asio::ssl::context::pem, ec);
    if (ec) return MakeError(ErrorCode::kInvalidRequest, "cannot load the client certificate or key: " + ec.message());
  }
  ctx->set_verify_mode(tls.verify_peer ? asio::ssl::verify_peer : asio::ssl::verify_none);
  return ctx;
}

bool HasClientCertificate(const TlsSettings& tls) {
  return !tls.client_cert_pem.empty() || !tls.client_cert_file.empty();
}

class BeastHttpClient final : public HttpClient {
 public:
  explicit BeastHttpClient(HttpClientSettings settings) : settings_(std::move(settings)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    auto url = SplitUrl(request.url);
    if (!url) return url.error();
    // Every request, including links a bank's answer pointed to and the token endpoint.
    if (Status allowed = CheckUrl(settings_.policy, *url); !allowed) return allowed.error();
    std::unique_ptr<asio::ssl::context> tls;
    if (url->https) {
      auto ctx = MakeTlsContext(settings_.tls);
      if (!ctx) return ctx.error();
      tls = std::move(ctx).value();
    }
    asio::io_context ioc;
    HttpResponse out;
    std::exception_ptr failure;
    asio::co_spawn(ioc, Run(request, *url, settings_, tls.get(), out), [&](std::exception_ptr e) { failure = e; });
    ioc.run();
    if (!failure) return out;
    try {
      std::rethrow_exception(failure);
    } catch (const AddressRefused& e) {
      return MakeError(ErrorCode::kInvalidRequest, e.what());
    } catch (const beast::system_error& e) {
      if (e.code() == http::error::body_limit)
        return MakeError(ErrorCode::kLimitExceeded, "the response is larger than response_bytes_max");
      if (e.code() == beast::error::timeout)
        return MakeError(ErrorCode::kUnavailable, "timed out talking to " + url->host);
      if (IsClientCertificateRefusal(e.code()))
        return MakeError(ErrorCode::kInvalidRequest,
                         url->host + " refused the TLS connection (" + e.code().message() + "): " +
                             (HasClientCertificate(settings_.tls)
                                  ? "it does not accept recond's client certificate"
                                  : "it wants a client certificate; set secrets.client_certificate and secrets.client_key"));
      return MakeError(ErrorCode::kUnavailable, url->host + ": " + e.code().message());
    } catch (const std::exception& e) {
      return MakeError(ErrorCode::kUnavailable, url->host + ": " + e.what());
    }
  }

 private:
  HttpClientSettings settings_;
};

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

bool HostNameChar(char c) {
  return ascii::IsAlnum(c) || c == '.' || c == '-' || c == '_';
}

Error BadUrl(const std::string& why, const std::string& url) {
  // Control characters would garble the message (and a log line); show the URL only without them.
  const bool printable = std::all_of(url.begin(), url.end(), [](unsigned char c) { return c > 0x20 && c != 0x7f; });
  return MakeError(ErrorCode::kInvalidRequest, why + (printable ? ": " + url : ""));
}

}  // namespace

Result<UrlParts> SplitUrl(const std::string& url) {
  UrlParts parts;
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; }))
    return BadUrl("a URL must not contain spaces or control characters", url);
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    parts.https = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return BadUrl("not an http(s) URL", url);
  }
  rest = rest.substr(0, rest.find('#'));  // a fragment is never sent
  const size_t slash = rest.find_first_of("/?");
  const std::string authority = rest.substr(0, slash);
  parts.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (parts.target[0] == '?') parts.target = "/" + parts.target;
  if (authority.find('@') != std::string::npos)
    return MakeError(ErrorCode::kInvalidRequest, "credentials in a URL are not accepted");
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return BadUrl("an IPv6 host must end with ']'", url);
    parts.host = authority.substr(1, close - 1);
    boost::system::error_code ec;
    asio::ip::make_address_v6(parts.host, ec);
    if (ec || parts.host.find('%') != std::string::npos) return BadUrl("not an IPv6 address", url);
    const std::string after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return BadUrl("no host or port in URL", url);
    if (!after.empty()) port = after.substr(1);
    else port = parts.https ? "443" : "80";
  } else {
    const size_t colon = authority.find(':');
    parts.host = authority.substr(0, colon);
    port = colon == std::string::npos ? (parts.https ? "443" : "80") : authority.substr(colon + 1);
    if (!std::all_of(parts.host.begin(), parts.host.end(), HostNameChar))
      return BadUrl("the host may hold only letters, digits, '.', '-' and '_'", url);
  }
  parts.host = ascii::Lowercased(parts.host);
  const bool digits = !port.empty() && port.size() <= 5 && ascii::AllDigits(port);
  if (parts.host.empty() || !digits || std::stoi(port) < 1 || std::stoi(port) > 65535)
    return BadUrl("no host or port in URL", url);
  parts.port = std::to_string(std::stoi(port));  // "08080" and "8080" are one port
  return parts;
}

bool SameOrigin(const UrlParts& a, const UrlParts& b) {
  return a.https == b.https && a.host == b.host && a.port == b.port;
}

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  if (ref.rfind("http://", 0) == 0 || ref.rfind("https://", 0) == 0) return ref;
  size_t scheme_end = base.find("://");
  size_t path_start = scheme_end == std::string::npos ? std::string::npos : base.find('/', scheme_end + 3);
  std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  if (!ref.empty() && ref[0] == '/') return origin + ref;
  return origin + "/" + ref;
}

std::string FormEncode(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (ascii::IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      hex::AppendUpper(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::unique_ptr<HttpClient> MakeBeastHttpClient(HttpClientSettings settings) {
  return std::make_unique<BeastHttpClient>(std::move(settings));
}

}  // namespace recon::connectors
