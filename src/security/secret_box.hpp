// AES-256-GCM for connection secrets at rest (client secrets, refresh tokens, private keys).
// Each sealed value is "<key id>:v2:" + base64(nonce 12 bytes | ciphertext | tag 16 bytes), sealed
// with its *context* as associated data: the place it belongs to ("connection_secrets/7/
// client_secret"). A ciphertext copied to another row, another connection or another secret name
// does not open there. The key id beside the ciphertext lets keys rotate: old values open with
// their old key. A fresh random nonce per seal (never reused under one key).
// Values sealed before contexts existed ("<key id>:" + base64, format 1) open only through
// OpenUnbound, which the daemon uses once per value to re-seal it with its context
// (src/bank_connections/connection_service.hpp, ResealUnbound). Thread-safe after construction.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon::security {

class SecretBox {
 public:
  // A 32-byte key given as 64 hex digits or base64. kInvalidRequest when it is neither.
  static Result<std::string> DecodeKey(std::string_view text);

  // Adds a key; the last one added seals. Keys are 32 raw bytes (asserted by kInvalidRequest).
  Status AddKey(std::string id, std::string raw_key);

  // Seals `plaintext` bound to `context` (non-empty). Errors: kInvalidRequest (no key),
  // kInternal (OpenSSL failed, or an empty context: a programmer error).
  Result<std::string> Seal(std::string_view plaintext, std::string_view context) const;
  // Opens a value sealed by Seal with the same `context`. Errors: kNotFound (unknown key id),
  // kForbidden (tampered, the wrong key, another context, or a format-1 value),
  // kInvalidRequest (not a sealed value).
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;
  // Opens a format-1 value (sealed without a context), to re-seal it. The same errors; a
  // bound value is kInvalidRequest here.
  Result<std::string> OpenUnbound(std::string_view sealed) const;
  // True when `sealed` is a value of Seal (format 2), whatever its key.
  static bool IsBound(std::string_view sealed);

  // The id of the key that seals; "" when no key was added.
  const std::string& sealing_key_id() const { return sealing_id_; }

 private:
  std::map<std::string, std::string> keys_;
  std::string sealing_id_;
};

}  // namespace recon::security
