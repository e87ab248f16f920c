// AES-256-GCM for connection secrets at rest (client secrets, refresh tokens, private keys).
// Each sealed value is "<key id>:" + base64(nonce 12 bytes | ciphertext | tag 16 bytes); the key
// id beside the ciphertext lets keys rotate: old values open with their old key. A fresh random
// nonce per seal (never reused under one key). Thread-safe after construction.
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

  // Errors: kInvalidRequest (no key), kInternal (OpenSSL failed).
  Result<std::string> Seal(std::string_view plaintext) const;
  // Errors: kNotFound (unknown key id), kForbidden (tampered, or the wrong key), kInvalidRequest
  // (not a sealed value).
  Result<std::string> Open(std::string_view sealed) const;

  // The id of the key that seals; "" when no key was added.
  const std::string& sealing_key_id() const { return sealing_id_; }

 private:
  std::map<std::string, std::string> keys_;
  std::string sealing_id_;
};

}  // namespace recon::security
