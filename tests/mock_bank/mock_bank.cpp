#include "mock_bank/mock_bank.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cctype>
#include <chrono>

namespace recon::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct MockBank::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::optional<asio::ssl::context> tls;
};

namespace {

std::string FormValue(const std::string& form, const std::string& key) {
  size_t pos = 0;
  while (pos <= form.size()) {
    size_t amp = form.find('&', pos);
    std::string pair = form.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return {};
}

std::string QueryValue(const std::string& target, const std::string& key) {
  size_t q = target.find('?');
  return q == std::string::npos ? std::string() : FormValue(target.substr(q + 1), key);
}

// %XX and '+' decoded: enough for the values recond sends.
std::string FormDecode(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i] == '+' ? ' ' : in[i];
    }
  }
  return out;
}

// RFC 7636 S256, computed independently of recond's code.
std::string S256(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  std::string b64(4 * ((sizeof digest + 2) / 3), '\0');
  b64.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), digest, sizeof digest)));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b64;
}

bool VerifierWellFormed(const std::string& v) {
  if (v.size() < 43 || v.size() > 128) return false;
  for (unsigned char c : v)
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  return true;
}

}  // namespace

MockBank::MockBank() : impl_(new Impl) {
  port_ = impl_->acceptor.local_endpoint().port();
  thread_ = std::thread([this] { Serve(); });
}

MockBank::MockBank(MockBankTls tls) : tls_(std::move(tls)), impl_(new Impl) {
  auto& ctx = impl_->tls.emplace(asio::ssl::context::tls_server);
  ctx.use_certificate_chain(asio::buffer(tls_->certificate_pem));
  ctx.use_private_key(asio::buffer(tls_->key_pem), asio::ssl::context::pem);
  ctx.add_certificate_authority(asio::buffer(tls_->client_ca_pem));
  ctx.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
  port_ = impl_->acceptor.local_endpoint().port();
  thread_ = std::thread([this] { Serve(); });
}

MockBank::~MockBank() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  // Wake the blocking accept with one last connection.
  try {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
  } catch (...) {
  }
  thread_.join();
  delete impl_;
}

void MockBank::Serve() {
  while (!stopping_) {
    tcp::socket socket(impl_->ioc);
    beast::error_code ec;
    impl_->acceptor.accept(socket, ec);
    if (ec || stopping_) continue;
    if (!impl_->tls) {
      Exchange(socket);
      socket.shutdown(tcp::socket::shutdown_both, ec);
      continue;
    }
    asio::ssl::stream<tcp::socket&> stream(socket, *impl_->tls);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) {
      std::lock_guard lock(mutex_);
      ++tls_refused_;
      continue;
    }
    Exchange(stream);
    stream.shutdown(ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

template <class Stream>
void MockBank::Exchange(Stream& stream) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(stream, buffer, req, ec);
  if (ec) return;
  std::string target(req.target());
  Answer a = Handle(std::string(req.method_string()), target, req.body(), std::string(req[http::field::authorization]),
                    std::string(req["X-Request-ID"]));
  {
    // A slow bank: the answer waits, but never past the bank's end, so a test can ask for a
    // delay far beyond its client's timeout (a loaded machine must not close the gap) without
    // waiting it out.
    std::unique_lock lock(mutex_);
    if (slow_ms_ > 0) stopped_.wait_for(lock, std::chrono::milliseconds(slow_ms_), [this] { return stopping_.load(); });
  }
  http::response<http::string_body> res{static_cast<http::status>(a.status), 11};
  res.set(http::field::content_type, a.content_type);
  for (const auto& [k, v] : a.headers) res.set(k, v);
  res.body() = a.body;
  res.prepare_payload();
  http::write(stream, res, ec);
}

MockBank::Answer MockBank::Handle(const std::string& method, const std::string& target, const std::string& body,
                                  const std::string& authorization, const std::string& request_id) {
  std::lock_guard lock(mutex_);
  std::string path = target.substr(0, target.find('?'));
  ++requests_[path];
  if (path.rfind("/v1/", 0) == 0) {
    if (request_id.empty()) ++without_request_id_;
    else request_ids_.insert(request_id);
  }
  if (fail_500_ > 0) {
    --fail_500_;
    return {500, "application/json", R"({"error":"boom"})", {}};
  }
  if (fail_429_ > 0) {
    --fail_429_;
    Answer a{429, "application/json", R"({"error":"slow down"})", {}};
    if (!retry_after_.empty()) a.headers["Retry-After"] = retry_after_;
    return a;
  }
  if (method == "POST" && path == "/token") return Token(body);
  if (method == "GET" && path == "/authorize") return Authorize(target);
  if (path.rfind("/files", 0) == 0) {
    if (!Authorized(authorization)) return {401, "application/json", R"({"error":"invalid_token"})", {}};
    if (path == "/files") {
      std::string since = QueryValue(target, "since");
      nlohmann::json list = nlohmann::json::array();
      for (const auto& f : files_)
        if (f.name > since) list.push_back({{"name", f.name}, {"href", f.href.empty() ? "/files/" + f.name : f.href}});
      return {200, "application/json", nlohmann::json{{"files", list}}.dump(), {}};
    }
    std::string name = path.substr(7);
    for (const auto& f : files_)
      if (f.name == name) return {200, "application/octet-stream", f.bytes, {}};
    return {404, "application/json", "{}", {}};
  }
  if (path.rfind("/v1/", 0) != 0) return {404, "application/json", "{}", {}};
  // A consent is always readable, whatever its status: that is how a TPP learns it expired.
  if (path.rfind("/v1/consents/", 0) == 0) {
    if (!Authorized(authorization)) return {401, "application/json", R"({"error":"invalid_token"})", {}};
    return Consent(path);
  }
  if (consent_expired_)
    return {401, "application/json",
            R"({"tppMessages":[{"category":"ERROR","code":"CONSENT_EXPIRED","text":"consent expired"}]})", {}};
  if (!Authorized(authorization)) return {401, "application/json", R"({"error":"invalid_token"})", {}};
  if (path == "/v1/accounts") {
    nlohmann::json accounts = nlohmann::json::array();
    for (const auto& [id, txs] : transactions_)
      accounts.push_back({{"resourceId", id}, {"iban", "NL91ABNA0417164300"}, {"currency", "EUR"}});
    for (const auto& [id, raw] : raw_transactions_)
      if (!transactions_.count(id)) accounts.push_back({{"resourceId", id}, {"iban", "NL91ABNA0417164300"}, {"currency", "EUR"}});
    return {200, "application/json", nlohmann::json{{"accounts", accounts}}.dump(), {}};
  }
  const std::string prefix = "/v1/accounts/";
  size_t tx = path.find("/transactions");
  if (path.rfind(prefix, 0) == 0 && tx != std::string::npos) {
    std::string account = path.substr(prefix.size(), tx - prefix.size());
    std::string page = QueryValue(target, "page");
    return Transactions(account, page.empty() ? 0 : std::stoi(page));
  }
  return {404, "application/json", "{}", {}};
}

bool MockBank::Authorized(const std::string& authorization) const {
  if (authorization.rfind("Bearer ", 0) != 0) return false;
  auto it = valid_tokens_.find(authorization.substr(7));
  return it != valid_tokens_.end() && it->second;
}

MockBank::Answer MockBank::Authorize(const std::string& target) {
  const std::string redirect = FormDecode(QueryValue(target, "redirect_uri"));
  const std::string method = QueryValue(target, "code_challenge_method");
  const std::string challenge = QueryValue(target, "code_challenge");
  if (redirect.empty()) return {400, "application/json", R"({"error":"invalid_request"})", {}};
  if (!challenge.empty() && method != "S256") return {400, "application/json", R"({"error":"invalid_request"})", {}};
  const std::string code = "code-" + std::to_string(++code_serial_);
  codes_[code] = challenge;
  Answer a{302, "text/plain", "", {}};
  a.headers["Location"] = redirect + (redirect.find('?') == std::string::npos ? "?" : "&") + "code=" + code +
                          "&state=" + QueryValue(target, "state");
  return a;
}

MockBank::Answer MockBank::CodeGrant(const std::string& body) {
  const std::string code = FormDecode(FormValue(body, "code"));
  const std::string verifier = FormDecode(FormValue(body, "code_verifier"));
  const Answer refused{400, "application/json", R"({"error":"invalid_grant"})", {}};
  auto issued = codes_.find(code);
  if (issued != codes_.end()) {
    const std::string challenge = issued->second;
    codes_.erase(issued);  // a code is good once
    if (challenge.empty() ? require_pkce_ : !VerifierWellFormed(verifier) || S256(verifier) != challenge) return refused;
  } else if (code != "good-code" || require_pkce_) {
    return refused;
  }
  return {200, "application/json", "", {}};
}

MockBank::Answer MockBank::Token(const std::string& body) {
  std::string grant = FormValue(body, "grant_type");
  grants_.push_back(grant);
  token_forms_.push_back(body);
  if (FormValue(body, "client_id") != "recond") return {401, "application/json", R"({"error":"invalid_client"})", {}};
  nlohmann::json out;
  if (grant == "refresh_token") {
    if (FormValue(body, "refresh_token") != refresh_token_)
      return {400, "application/json", R"({"error":"invalid_grant"})", {}};
    if (rotate_) refresh_token_ = "refresh-" + std::to_string(++token_serial_);
    out["refresh_token"] = refresh_token_;
  } else if (grant == "authorization_code") {
    if (Answer a = CodeGrant(body); a.status != 200) return a;
    out["refresh_token"] = refresh_token_;
  } else if (grant != "client_credentials") {
    return {400, "application/json", R"({"error":"unsupported_grant_type"})", {}};
  }
  std::string token = "access-" + std::to_string(++token_serial_);
  valid_tokens_[token] = true;
  out["access_token"] = token;
  out["token_type"] = "Bearer";
  out["expires_in"] = token_lifetime_s_;
  return {200, "application/json", out.dump(), {}};
}

MockBank::Answer MockBank::Consent(const std::string& path) const {
  const std::string status_suffix = "/status";
  if (path.size() > status_suffix.size() && path.compare(path.size() - status_suffix.size(), status_suffix.size(), status_suffix) == 0)
    return {200, "application/json", nlohmann::json{{"consentStatus", consent_status_}}.dump(), {}};
  nlohmann::json consent = {{"access", {{"allPsd2", "allAccounts"}}},
                            {"recurringIndicator", true},
                            {"validUntil", consent_valid_until_},
                            {"frequencyPerDay", 4},
                            {"lastActionDate", "2026-11-01"},
                            {"consentStatus", consent_status_}};
  return {200, "application/json", consent.dump(), {}};
}

MockBank::Answer MockBank::Transactions(const std::string& account, int page) {
  auto raw = raw_transactions_.find(account);
  if (raw != raw_transactions_.end()) return {200, raw->second.first, raw->second.second, {}};
  auto it = transactions_.find(account);
  if (it == transactions_.end()) return {404, "application/json", "{}", {}};
  const auto& all = it->second;
  int size = page_size_[account];
  nlohmann::json booked = nlohmann::json::array();
  for (int i = page * size; i < static_cast<int>(all.size()) && i < (page + 1) * size; ++i) booked.push_back(all[i]);
  nlohmann::json out{{"account", {{"iban", "NL91ABNA0417164300"}}}, {"transactions", {{"booked", booked}}}};
  if ((page + 1) * size < static_cast<int>(all.size()))
    out["transactions"]["_links"]["next"]["href"] =
        "/v1/accounts/" + account + "/transactions?bookingStatus=booked&page=" + std::to_string(page + 1);
  return {200, "application/json", out.dump(), {}};
}

void MockBank::FailNext500(int count) { std::lock_guard l(mutex_); fail_500_ = count; }
void MockBank::FailNext429(int count, std::string retry_after) {
  std::lock_guard l(mutex_);
  fail_429_ = count;
  retry_after_ = std::move(retry_after);
}
void MockBank::SetSlowMs(int ms) { std::lock_guard l(mutex_); slow_ms_ = ms; }
void MockBank::ExpireAccessTokens() {
  std::lock_guard l(mutex_);
  for (auto& [t, valid] : valid_tokens_) valid = false;
}
void MockBank::SetRotateRefreshTokens(bool on) { std::lock_guard l(mutex_); rotate_ = on; }
void MockBank::SetConsentExpired(bool on) { std::lock_guard l(mutex_); consent_expired_ = on; }
void MockBank::SetConsent(std::string status, std::string valid_until) {
  std::lock_guard l(mutex_);
  consent_status_ = std::move(status);
  consent_valid_until_ = std::move(valid_until);
}
int MockBank::V1RequestsWithoutRequestId() const { std::lock_guard l(mutex_); return without_request_id_; }
int MockBank::DistinctRequestIds() const { std::lock_guard l(mutex_); return static_cast<int>(request_ids_.size()); }
int MockBank::TlsHandshakesRefused() const { std::lock_guard l(mutex_); return tls_refused_; }
void MockBank::SetTokenLifetimeS(int s) { std::lock_guard l(mutex_); token_lifetime_s_ = s; }
void MockBank::SetTransactions(const std::string& account, std::vector<nlohmann::json> booked, int page_size) {
  std::lock_guard l(mutex_);
  transactions_[account] = std::move(booked);
  page_size_[account] = page_size;
}
void MockBank::SetTransactionsBody(const std::string& account, std::string content_type, std::string body) {
  std::lock_guard l(mutex_);
  raw_transactions_[account] = {std::move(content_type), std::move(body)};
}
void MockBank::AddFile(MockFile file) { std::lock_guard l(mutex_); files_.push_back(std::move(file)); }
int MockBank::Requests(const std::string& prefix) const {
  std::lock_guard l(mutex_);
  int n = 0;
  for (const auto& [path, count] : requests_)
    if (path.rfind(prefix, 0) == 0) n += count;
  return n;
}
std::string MockBank::current_refresh_token() const { std::lock_guard l(mutex_); return refresh_token_; }
std::vector<std::string> MockBank::grants() const { std::lock_guard l(mutex_); return grants_; }
std::vector<std::string> MockBank::token_forms() const { std::lock_guard l(mutex_); return token_forms_; }
void MockBank::SetRequirePkce(bool on) { std::lock_guard l(mutex_); require_pkce_ = on; }

}  // namespace recon::testing
