// Stored answers of POST requests that carried an Idempotency-Key.
#pragma once

#include <optional>
#include <string>

#include "storage/pg.hpp"

namespace recon::storage {

struct StoredAnswer {
  std::string request_hash;
  std::optional<int> status_code;  // nullopt: the first request with this key is still running
  std::string content_type;
  std::string body;
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(ConnectionPool& pool) : pool_(pool) {}

  // Claims the key for this request. nullopt when claimed now; otherwise what is stored
  // under the key (maybe another request's hash, maybe still running).
  Result<std::optional<StoredAnswer>> Claim(const std::string& company, const std::string& key,
                                            const std::string& request_hash);
  // Keeps the answer of a claimed key.
  Status Complete(const std::string& company, const std::string& key, int status_code,
                  const std::string& content_type, const std::string& body);
  // Gives a claimed key up (the request failed in a way a retry may fix).
  Status Release(const std::string& company, const std::string& key);

 private:
  ConnectionPool& pool_;
};

}  // namespace recon::storage
