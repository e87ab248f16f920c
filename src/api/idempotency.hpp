// Idempotency-Key on POST: the first answer is stored with a hash of the request and
// replayed for the same key and request; the same key with another request answers 422.
// While the first request runs, a retry answers 409; its claim has a lease that this process
// renews (App::idempotency_leases), so a key whose process died is free once the lease ends.
// Keys expire after idempotency_ttl_seconds (storage::IdempotencyStore).
#pragma once

#include "api/handlers.hpp"

namespace recon::api {

inline constexpr size_t kIdempotencyKeyBytesMax = 255;

// Wraps a POST handler. Without the header the handler runs as is.
server::Handler Idempotent(App& app, server::Handler handler);
server::Handler Idempotent(App& app, HandlerResult (*handler)(App&, server::RequestContext&));

}  // namespace recon::api
