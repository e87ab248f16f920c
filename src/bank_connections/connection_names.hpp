// The names the connection service gives things, shared by its two halves
// (connection_service.cpp, connection_pulls.cpp): a connection as messages and the log name it,
// a list of setting names in a message, and the places sealed values are bound to.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bank_connections/connection_json.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {

// "cn_7".
inline std::string Label(int64_t id) { return util::FormatId(kConnectionPrefix, id); }

// "a, b, c".
inline std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The places sealed values are bound to (AES-GCM associated data, secret_box.hpp): a value
// opens only there, so a sealed secret copied to another connection or name does not open.
inline std::string SecretPlace(int64_t id, const std::string& name) {
  return "connection_secrets/" + std::to_string(id) + "/" + name;
}
inline std::string TokenPlace(int64_t id) { return "connection_tokens/" + std::to_string(id); }
inline std::string VerifierPlace(int64_t id) { return "connections/" + std::to_string(id) + "/oauth_pkce_verifier"; }

}  // namespace recon::bank_connections
