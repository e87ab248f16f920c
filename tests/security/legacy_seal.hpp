// A value sealed the way recond did before secrets were bound to their place (format 1:
// "<key id>:" + base64(nonce | AES-256-GCM ciphertext | tag), no associated data), for the tests
// of the re-seal path. recond itself no longer writes this format.
#pragma once

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <string>

namespace recon::testing {

inline std::string LegacySeal(const std::string& key_id, const std::string& raw_key, const std::string& plaintext) {
  std::string blob(12 + plaintext.size() + 16, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(blob.data());
  RAND_bytes(bytes, 12);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(raw_key.data()),
                     bytes);
  EVP_EncryptUpdate(ctx.get(), bytes + 12, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  EVP_EncryptFinal_ex(ctx.get(), bytes + 12 + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, bytes + 12 + plaintext.size());
  std::string out(4 * ((blob.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(blob.size()));
  out.resize(static_cast<size_t>(n));
  return key_id + ":" + out;
}

}  // namespace recon::testing
