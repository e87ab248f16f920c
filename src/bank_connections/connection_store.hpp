// Bank connections in PostgreSQL (migrations/0003_connections.sql): the connections, their
// sealed secrets, the pull history, dead letters, the daily pull budget and the locks that keep
// two processes from pulling (and refreshing tokens for) the same connection at once.
// Secrets arrive here already sealed (src/security/secret_box.hpp); this store never sees clear text.
// Thread-safe: every call borrows its own pooled connection.
// Defined by job in three files: connection_store.cpp (connections, secrets, access tokens),
// connection_store_pulls.cpp (pull lock, budget, pulls, dead letters, health figures) and
// connection_store_consent.cpp (the OAuth consent).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::bank_connections {

inline constexpr int kPullsPerDayDefault = 4;  // PSD2: four unattended accesses a day

struct SealedSecret {
  std::string name;    // the setting it belongs to: client_secret, refresh_token ...
  std::string key_id;  // the key that sealed it
  std::string sealed;  // "<key id>:v2:base64(...)", bound to its connection and name (secret_box.hpp)
};

// A secret still sealed the way recond did before 0017 (not bound to its place), to be re-sealed.
struct UnboundSecret {
  int64_t connection_id = 0;
  SealedSecret secret;
};

// What a PATCH that changes an endpoint URL does besides: see ConnectionStore::Update.
struct EndpointChange {
  std::optional<std::string> needs_person;  // set: the connection waits for a person (secrets missing)
};

// The callback's look at a pending OAuth consent request.
struct TakenOAuthState {
  enum Outcome { kTaken, kExpired, kUnknown } outcome = kUnknown;
  int64_t connection_id = 0;                   // when taken
  std::optional<std::string> sealed_verifier;  // the PKCE code_verifier, sealed; none when PKCE is off
};

// The last access token the bank issued for a connection, sealed like a secret.
struct SealedAccessToken {
  std::string key_id;
  std::string sealed;
  int64_t expires_at_unix = 0;  // the bank's expiry (seconds since 1970, UTC)
};

struct ConnectionRecord {
  int64_t id = 0;
  std::string company;
  std::string name;
  std::string type;
  nlohmann::json settings = nlohmann::json::object();  // non-secret settings only
  std::optional<std::string> schedule;                  // 5-field cron, or none
  std::string schedule_tz = "UTC";
  std::optional<std::string> next_pull_at;              // ISO 8601 UTC
  int pulls_per_day_max = kPullsPerDayDefault;
  bool enabled = true;
  std::string cursor;
  std::optional<std::string> needs_person;              // why a person must act
  std::optional<std::string> consent_expires_at;        // the bank's validUntil once read, else as given
  std::optional<std::string> consent_status;            // the bank's consentStatus at consent_checked_at
  std::optional<std::string> consent_checked_at;
  std::optional<std::string> client_cert_subject;       // of the stored mTLS client certificate
  std::optional<std::string> client_cert_expires_at;
  std::optional<std::string> last_success_at;
  std::string created_at;
  std::string updated_at;
  std::vector<std::string> secret_names;                // which secrets are set (never their values)
};

struct PullRecord {
  int64_t id = 0;
  int64_t connection_id = 0;
  std::string company;
  std::string trigger;  // api | cli | schedule | replay
  std::string status;   // running | succeeded | partial | failed | needs_person
  std::string started_at;
  std::optional<std::string> finished_at;
  int files = 0;
  int statements = 0;
  int lines = 0;
  int duplicates = 0;
  nlohmann::json errors = nlohmann::json::array();
  std::optional<int64_t> dead_letter_id;
};

// How a pull ended, written in one transaction with the connection's new cursor.
struct PullEnd {
  std::string status;
  int files = 0;
  int statements = 0;
  int lines = 0;
  int duplicates = 0;
  nlohmann::json errors = nlohmann::json::array();
  std::optional<std::string> cursor_after;  // set: the connection resumes from here next time
  std::optional<std::string> needs_person;  // set: the connection waits for a person
  std::optional<std::string> dead_letter;   // set: the last error of a pull that gave up
  std::optional<int64_t> replayed_dead_letter;  // a replay: this dead letter is settled on success
};

struct DeadLetterRecord {
  int64_t id = 0;
  int64_t connection_id = 0;
  std::string company;
  int64_t pull_id = 0;
  std::string last_error;
  int attempts = 0;
  std::string status;  // open | replayed
  std::optional<int64_t> replay_pull_id;
  std::string created_at;
  std::string updated_at;
};

// What the health check looks at, over every company.
struct HealthFigures {
  int64_t dead_letters_open = 0;
  struct Consent {
    int64_t connection_id;
    std::string company;
    std::string name;
    double days_left;
    std::optional<std::string> status;  // the bank's consentStatus at the last pull, when read
  };
  std::vector<Consent> consents;  // connections with a known consent expiry
  struct ClientCertificate {
    int64_t connection_id;
    std::string company;
    std::string name;
    double days_left;
  };
  std::vector<ClientCertificate> client_certificates;  // stored mTLS identities
  struct Stale {
    int64_t connection_id;
    std::string company;
    std::string name;
    std::optional<double> last_success_unix;  // none: never succeeded
    bool stale;                                // no success for 24 hours (or never, created over 24 hours ago)
  };
  std::vector<Stale> connections;
};

// A session-level PostgreSQL advisory lock on one connection's pulls, held by a pooled
// database connection until this object is destroyed. It also serialises token refreshes
// across processes, since only the holder runs the connector.
class PullLock {
 public:
  PullLock(storage::PooledConnection conn, int64_t connection_id)
      : conn_(std::move(conn)), connection_id_(connection_id) {}
  // A moved-from lock releases nothing.
  PullLock(PullLock&& other) noexcept : conn_(std::move(other.conn_)), connection_id_(other.connection_id_) {
    other.conn_.reset();
  }
  PullLock& operator=(PullLock&&) = delete;
  ~PullLock();

 private:
  std::optional<storage::PooledConnection> conn_;
  int64_t connection_id_;
};

class ConnectionStore {
 public:
  explicit ConnectionStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // An id for a new connection: secrets are sealed bound to it before the row exists.
  Result<int64_t> NewId();
  // A new connection with the id from NewId and its secrets in one transaction. kConflict when
  // the company already has a live connection of that name.
  Status Create(int64_t id, const ConnectionRecord& record, const std::vector<SealedSecret>& secrets);
  // Rewrites name, settings, schedule, budget, enabled, consent expiry, client certificate facts
  // and next_pull_at; replaces the given secrets (and then forgets the cached access token).
  // With `change` (an endpoint URL changed), in the same transaction: erases every other secret
  // and the cached access token, drops a pending consent request and sets needs_person when
  // given. The names of the secrets erased; nullopt when there is no such live connection.
  Result<std::optional<std::vector<std::string>>> Update(const ConnectionRecord& record,
                                                         const std::vector<SealedSecret>& secrets,
                                                         const std::optional<EndpointChange>& change);
  // Retires the connection and erases its secrets and access token; false when there is none.
  Result<bool> Delete(const std::string& company, int64_t id);

  // A live connection; `company` empty = any company (the CLI and the scheduler).
  Result<std::optional<ConnectionRecord>> Get(const std::string& company, int64_t id);
  Result<std::vector<ConnectionRecord>> List(const std::string& company, int64_t after_id, int limit);
  // Every live, enabled connection of every company, for `recond pull --all`.
  Result<std::vector<ConnectionRecord>> AllEnabled();

  Result<std::vector<SealedSecret>> Secrets(int64_t connection_id);
  // Replaces one secret at once (autocommit): a rotated refresh token is durable before use.
  Status PutSecret(int64_t connection_id, const SealedSecret& secret);
  // Secrets of every connection still sealed without their place (format 1).
  Result<std::vector<UnboundSecret>> UnboundSecrets();
  // Replaces a secret's sealed value only if it is still `old_sealed` (a refresh token rotated
  // meanwhile is newer and stays); true when replaced.
  Result<bool> ReplaceSealed(int64_t connection_id, const std::string& old_sealed, const SealedSecret& secret);
  // The connection waits for a person, for `why`, until a pull succeeds or consent is granted.
  Status NeedsPerson(int64_t connection_id, const std::string& why);

  // The access token cache (call under the pull lock): the stored token, a new one, or none.
  Result<std::optional<SealedAccessToken>> AccessToken(int64_t connection_id);
  Status PutAccessToken(int64_t connection_id, const SealedAccessToken& token);
  Status ForgetAccessToken(int64_t connection_id);

  // The consent as the bank just reported it: its status, and its expiry from validUntil
  // ("YYYY-MM-DD", the last good day; "" keeps the expiry known so far).
  Status ConsentFromBank(int64_t connection_id, const std::string& status, const std::string& valid_until);

  // Counts one pull against today's budget (UTC day); false when `max` are used already.
  Result<bool> TakeBudget(int64_t connection_id, int max);
  // The advisory lock on the connection's pulls, or nullopt when another process holds it.
  Result<std::optional<PullLock>> TryLockPulls(int64_t connection_id);

  // A new pull row; call it holding the pull lock (it marks pulls left running by a dead process failed).
  Result<int64_t> StartPull(const ConnectionRecord& connection, const std::string& trigger);
  // Ends a pull; with it the connection's cursor, last success, needs_person and dead letter.
  // Answers the pull as stored.
  Result<PullRecord> FinishPull(int64_t pull_id, const PullEnd& end);
  Result<std::vector<PullRecord>> ListPulls(const std::string& company, int64_t connection_id, int64_t after_id,
                                            int limit);

  Result<std::vector<DeadLetterRecord>> ListDeadLetters(const std::string& company, const std::string& status,
                                                        int64_t after_id, int limit);
  Result<std::optional<DeadLetterRecord>> GetDeadLetter(const std::string& company, int64_t id);

  // Scheduling: live, enabled connections with a schedule, due now and not waiting for a person.
  Result<std::vector<ConnectionRecord>> Due(int limit);
  Status SetNextPullAt(int64_t connection_id, const std::optional<std::string>& at_iso);

  // OAuth consent: the pending request's state (hashed), living `ttl_seconds`, with its sealed
  // PKCE code_verifier (none when PKCE is off). A new request replaces the pending one.
  Status SetOAuthState(int64_t connection_id, const std::string& state_hash,
                       const std::optional<std::string>& sealed_verifier, int ttl_seconds);
  // Takes the live request whose state hashes to `state_hash`, atomically (one statement): of
  // two callbacks with one state only one gets it. An expired request is cleared and reported.
  Result<TakenOAuthState> TakeOAuthState(const std::string& state_hash);
  // A person granted consent again: clears needs_person and sets the expiry when known.
  Status ConsentRenewed(int64_t connection_id, const std::optional<std::string>& expires_at);

  Result<HealthFigures> Health();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace recon::bank_connections
