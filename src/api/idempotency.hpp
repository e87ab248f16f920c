// Idempotency-Key on POST: the first answer is stored with a hash of the request and
// replayed for the same key and request; the same key with another request answers 422.
// While the first request runs, a retry answers 409; its claim has a lease that this process
// renews (IdempotencyLeases), so a key whose process died is free once the lease ends.
// Keys expire after idempotency_ttl_seconds (storage::IdempotencyStore).
#pragma once

#include <string>

#include "api/handlers.hpp"
#include "api/idempotency_leases.hpp"
#include "storage/idempotency_store.hpp"

namespace recon::api {

inline constexpr size_t kIdempotencyKeyBytesMax = 255;

// What the wrapper uses (copied into it; what it refers to must outlive the router).
struct IdempotencyDeps {
  const std::string& default_company;  // keys are kept per company
  storage::IdempotencyStore& store;
  IdempotencyLeases& leases;
};

// Wraps a POST handler. Without the header the handler runs as is.
server::Handler Idempotent(const IdempotencyDeps& deps, server::Handler handler);

}  // namespace recon::api
