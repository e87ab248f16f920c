// Idempotency-Key on POST: the first answer is stored with a hash of the request and
// replayed for the same key and request; the same key with another request answers 422.
#pragma once

#include "api/handlers.hpp"

namespace recon::api {

inline constexpr size_t kIdempotencyKeyBytesMax = 255;

// Wraps a POST handler. Without the header the handler runs as is.
server::Handler Idempotent(App& app, server::Handler handler);
server::Handler Idempotent(App& app, HandlerResult (*handler)(App&, server::RequestContext&));

}  // namespace recon::api
