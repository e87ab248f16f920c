// What the connection API, `recond pull` and the scheduler do: keep connections with their
// secrets sealed, and pull: lock the connection (one pull, hence one token refresh, at a time
// across processes), count the daily budget, open the secrets, run the connector from the stored
// cursor, hand the result to the statement ingest, then record the pull and advance the cursor in
// one transaction. A pull that fails after the connector's retries (exponential backoff with
// jitter, Retry-After honoured) goes to the dead-letter queue; an expired consent (or refused
// credentials) is not retried but marks the connection as needing a person.
// Every sealed value is bound to its place (secret_box.hpp): a secret to its connection and
// name, the cached access token and a consent's PKCE verifier to their connection. Every
// connector gets, besides its hooks, what the server configuration allows it (OutboundPolicy:
// https, the hosts allowed for its kind, private addresses; directory roots; certificate files),
// at create, at update and again at each pull, since the configuration may have changed.
// Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "config/config.hpp"
#include "bank_connections/connection_json.hpp"
#include "bank_connections/connection_store.hpp"
#include "connectors/registry.hpp"
#include "ingest/ingest_service.hpp"
#include "security/secret_box.hpp"
#include "server/metrics.hpp"
#include "storage/pg.hpp"

namespace recon::bank_connections {

// What the service uses of the daemon; each must outlive it.
struct ConnectionServiceDeps {
  const config::Config& config;    // what connectors may reach (OutboundPolicy), oauth_state_ttl_seconds
  storage::ConnectionPool& pool;
  server::Metrics& metrics;        // pulls, token requests, consent expiry
  ingest::IngestService& ingest;   // where fetched files go, as uploads do
};

class ConnectionService {
 public:
  ConnectionService(ConnectionServiceDeps deps, security::SecretBox box, connectors::ConnectorRegistry registry);

  // Errors: kInvalidRequest naming the field, kConflict (name taken), kUnavailable (no secret key
  // configured, or the database).
  Result<ConnectionRecord> Create(const std::string& company, const nlohmann::json& body);
  // An update that changes an endpoint URL (connectors::kEndpointSettings) erases every stored
  // secret the same request does not send, and the cached access token, in the same transaction:
  // they were meant for the old endpoints. `erased` (may be null) gets their names; the record
  // then lists the required ones in secrets_missing (and needs_person says why) until they are
  // sent again.
  Result<ConnectionRecord> Update(const std::string& company, int64_t id, const nlohmann::json& body,
                                  std::vector<std::string>* erased = nullptr);

  // One pull now. `company` empty = any company (the CLI). The answer is the pull as recorded,
  // whatever its outcome (succeeded, partial, failed with a dead letter, needs_person).
  // Errors before the bank is called: kNotFound, kConflict (a pull is running elsewhere, or the
  // daily budget is used up), kUnavailable (database, or no key to open the secrets).
  Result<PullRecord> Pull(const std::string& company, int64_t id, const std::string& trigger);
  // Pulls the dead letter's connection again; on success the dead letter is settled.
  Result<PullRecord> Replay(const std::string& company, int64_t dead_letter_id);

  // OAuth authorization code: the bank's consent page for a person (a state remembered hashed,
  // living oauth_state_ttl_seconds, with a PKCE code_verifier sealed beside it unless
  // settings.pkce is false), and the callback that takes the state (once: a replayed or late
  // callback is kNotFound, saying which), exchanges the code with the verifier and stores the
  // refresh token sealed.
  Result<std::string> ConsentUrl(const std::string& company, int64_t id);
  Result<ConnectionRecord> FinishConsent(const std::string& state, const std::string& code);

  // Re-seals, bound to their place, the secrets sealed before 0017 (format 1), each by a
  // compare-and-swap so that a refresh token rotated meanwhile is never overwritten. Called when
  // `recond serve` and `recond pull` start; does nothing without a key. Logs what it did and what
  // it could not open (never a value).
  void ResealUnbound();

  ConnectionStore& store() { return store_; }
  const connectors::ConnectorRegistry& registry() const { return registry_; }

 private:
  Result<std::vector<SealedSecret>> Seal(int64_t id, const std::map<std::string, std::string>& secrets) const;
  // What the server configuration allows a connector of `type`, no hooks.
  connectors::ConnectorContext Allowed(const std::string& type) const;
  // The connector's settings: the stored ones with the secrets opened, but those in `replaced`
  // (an update sends new values for them). A secret that does not open here (moved from another
  // row, altered, or never re-sealed) is kConflict naming it, and the connection needs a person.
  Result<nlohmann::json> OpenSettings(const ConnectionRecord& c, const std::map<std::string, std::string>& replaced = {});
  Result<PullRecord> PullLocked(const ConnectionRecord& c, const std::string& trigger,
                                std::optional<int64_t> replay_of);
  // The connector's hooks for connection `c`: rotated refresh tokens sealed and stored before
  // use, token requests counted, access tokens kept sealed across pulls, the bank's consent stored.
  connectors::ConnectorContext ContextFor(const ConnectionRecord& c);
  connectors::AccessTokenCache AccessTokenCacheFor(int64_t id);
  Status StoreRefreshToken(int64_t id, const std::string& token);
  // Reads the mTLS identity out of `merged` (settings with secrets in clear) into the record's
  // client_cert_subject/expires_at; kInvalidRequest naming secrets.client_* when it is not usable.
  static Status DescribeClientCertificate(const nlohmann::json& merged, ConnectionRecord& record);

  ConnectionServiceDeps deps_;
  ConnectionStore store_;
  security::SecretBox box_;
  connectors::ConnectorRegistry registry_;
};

}  // namespace recon::bank_connections
