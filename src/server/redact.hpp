// What the log may show of a request: never a credential. OAuth callbacks carry the bank's
// authorization code and the state in their query; any route may be sent a token or a
// password as a query parameter by a careless client.
#pragma once

#include <string>
#include <string_view>

namespace recon::server {

// The request target with the value of every credential-like query parameter replaced by
// "REDACTED": all of them on a path that mentions oauth, and elsewhere those named code, state, token,
// access_token, refresh_token, id_token, client_secret, password, secret, api_key or key
// (any case, percent-encoded or not). The path and other parameters stay as sent.
std::string RedactedTarget(std::string_view target);

}  // namespace recon::server
