// A small Berlin-Group-like bank on 127.0.0.1 for connector tests, with faults on demand.
// Endpoints:
//   GET  /authorize?redirect_uri&state[&code_challenge&code_challenge_method=S256]
//                                                 the person's consent: 302 to redirect_uri?code=…&state=…,
//                                                 the code remembering its PKCE challenge (RFC 7636)
//   POST /token                                   client_credentials, authorization_code (a code from
//                                                 /authorize, whose code_verifier must match its challenge,
//                                                 or the fixed "good-code"), refresh_token
//   GET  /v1/consents/{id}                        {"consentStatus", "validUntil", "access", ...}
//   GET  /v1/consents/{id}/status                 {"consentStatus"}
//   GET  /v1/accounts                             {"accounts":[{"resourceId","iban","currency"}]}
//   GET  /v1/accounts/{id}/transactions?page=N    booked transactions, paged by _links.next
//   GET  /files?since=NAME                        {"files":[{"name"}]} with names after NAME
//   GET  /files/{name}                            the file's bytes
// Requests are served one at a time on one thread (tests need order, not throughput).
// With MockBankTls it speaks HTTPS only and demands a client certificate signed by client_ca_pem.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace recon::testing {

struct MockFile {
  MockFile(std::string n, std::string b, std::string h = "") : name(std::move(n)), bytes(std::move(b)), href(std::move(h)) {}
  std::string name;
  std::string bytes;
  std::string href;  // what the listing says; "" = /files/<name>
};

struct MockBankTls {
  std::string certificate_pem;  // the server's, for 127.0.0.1
  std::string key_pem;
  std::string client_ca_pem;    // client certificates must chain to this CA
};

class MockBank {
 public:
  MockBank();  // listens on a free loopback port, plain HTTP
  explicit MockBank(MockBankTls tls);  // HTTPS with mandatory client certificates
  ~MockBank();
  MockBank(const MockBank&) = delete;
  MockBank& operator=(const MockBank&) = delete;

  std::string base_url() const { return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_); }

  // Faults, each consumed by the next matching request(s).
  void FailNext500(int count);                        // any endpoint
  void FailNext429(int count, std::string retry_after);
  void SetSlowMs(int ms);                             // every answer waits this long (or until the bank stops)
  void ExpireAccessTokens();                          // tokens issued so far answer 401
  void SetRotateRefreshTokens(bool on);               // each refresh returns a new refresh token
  void SetConsentExpired(bool on);                    // account endpoints answer 401 CONSENT_EXPIRED
  void SetConsent(std::string status, std::string valid_until);  // what GET /v1/consents/{id} says
  void SetTokenLifetimeS(int seconds);
  // Codes without a PKCE challenge (and "good-code") are refused, as a bank that demands PKCE does.
  void SetRequirePkce(bool on);

  // Data.
  void SetTransactions(const std::string& account_id, std::vector<nlohmann::json> booked, int page_size);
  void AddFile(MockFile file);
  void SetTransactionsBody(const std::string& account_id, std::string content_type, std::string body);

  // Observations.
  int Requests(const std::string& path_prefix) const;
  int TokenRequests() const { return Requests("/token"); }
  std::string current_refresh_token() const;
  std::vector<std::string> grants() const;  // grant_type of each token request, in order
  std::vector<std::string> token_forms() const;  // the form body of each token request, in order
  int TlsHandshakesRefused() const;         // clients that did not pass the TLS handshake
  // Of the /v1/ requests: how many came without an X-Request-ID, and how many distinct ids came.
  int V1RequestsWithoutRequestId() const;
  int DistinctRequestIds() const;

 private:
  struct Answer {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::map<std::string, std::string> headers;
  };
  void Serve();
  template <class Stream>
  void Exchange(Stream& stream);
  Answer Handle(const std::string& method, const std::string& target, const std::string& body,
                const std::string& authorization, const std::string& request_id);
  Answer Token(const std::string& body);
  Answer Authorize(const std::string& target);
  Answer CodeGrant(const std::string& body);
  Answer Transactions(const std::string& account, int page);
  Answer Consent(const std::string& path) const;
  bool Authorized(const std::string& authorization) const;

  mutable std::mutex mutex_;
  int port_ = 0;
  std::optional<MockBankTls> tls_;
  std::atomic<bool> stopping_{false};
  std::condition_variable stopped_;  // wakes a slow answer's wait when the bank stops
  std::thread thread_;
  struct Impl;
  Impl* impl_;

  int fail_500_ = 0;
  int fail_429_ = 0;
  std::string retry_after_;
  int slow_ms_ = 0;
  bool rotate_ = false;
  bool consent_expired_ = false;
  std::string consent_status_ = "valid";
  std::string consent_valid_until_ = "2027-06-30";
  int tls_refused_ = 0;
  int without_request_id_ = 0;
  std::set<std::string> request_ids_;
  int token_lifetime_s_ = 3600;
  int token_serial_ = 0;
  std::map<std::string, bool> valid_tokens_;
  std::string refresh_token_ = "refresh-0";
  std::vector<std::string> grants_;
  std::vector<std::string> token_forms_;
  bool require_pkce_ = false;
  int code_serial_ = 0;
  std::map<std::string, std::string> codes_;  // issued by /authorize, unused yet -> their code_challenge ("" = none)
  std::map<std::string, int> requests_;
  std::map<std::string, std::vector<nlohmann::json>> transactions_;
  std::map<std::string, int> page_size_;
  std::map<std::string, std::pair<std::string, std::string>> raw_transactions_;
  std::vector<MockFile> files_;
};

}  // namespace recon::testing
