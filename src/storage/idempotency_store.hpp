// Stored answers of POST requests that carried an Idempotency-Key.
//
// A request claims its key with a lease that its process renews while the request runs
// (api::IdempotencyLeases). A process killed mid-request stops renewing; once the lease has
// run out, a retry with the key claims it again instead of hearing "still running" for ever.
// Stored keys expire: a key claimed longer than the TTL ago is free again, and the
// maintenance job purges such rows (PurgeExpired).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "storage/pg.hpp"

namespace recon::storage {

struct IdempotencySettings {
  std::chrono::seconds lease{60};     // idempotency_lease_seconds: a claim not renewed for this long is free
  std::chrono::seconds ttl{86'400};   // idempotency_ttl_seconds: a stored key older than this is free (and purged)
};

struct StoredAnswer {
  std::string request_hash;
  std::optional<int> status_code;  // nullopt: the first request with this key is still running
  std::string content_type;
  std::string body;
};

// What a claim got: the key (with the token that proves this request holds it), or what
// another request stored or is still doing under it.
struct Claimed {
  std::optional<std::string> token;   // set: claimed now (a new key, or one whose lease or TTL ran out)
  std::optional<StoredAnswer> stored; // set: the key is another request's, maybe still running
  bool taken_over = false;            // claimed from a request whose lease ran out
};

// A key this process holds, as IdempotencyLeases renews it.
struct HeldKey {
  std::string company;
  std::string key;
  std::string token;
};

class IdempotencyStore {
 public:
  IdempotencyStore(ConnectionPool& pool, IdempotencySettings settings) : pool_(pool), settings_(settings) {}

  // Claims the key for this request, with a lease of settings().lease. In one statement, so
  // that two retries racing for a key whose lease ran out cannot both take it.
  Result<Claimed> Claim(const std::string& company, const std::string& key, const std::string& request_hash);
  // Extends the leases of keys still held (a key completed or taken over is left alone).
  Status Renew(const std::vector<HeldKey>& keys);
  // Keeps the answer of a key this request holds (`token`); a no-op when it no longer does.
  Status Complete(const std::string& company, const std::string& key, const std::string& token, int status_code,
                  const std::string& content_type, const std::string& body);
  // Gives a held key up (the request failed in a way a retry may fix).
  Status Release(const std::string& company, const std::string& key, const std::string& token);
  // Deletes keys claimed longer than the TTL ago (none whose request still holds its lease),
  // in statements of a bounded size; answers how many.
  Result<int64_t> PurgeExpired();

  const IdempotencySettings& settings() const { return settings_; }

 private:
  ConnectionPool& pool_;
  IdempotencySettings settings_;
};

}  // namespace recon::storage
