#include "security/secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace recon::security {
namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;  // the GCM standard nonce
constexpr int kTagBytes = 16;

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string Base64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(n);
  return out;
}

Result<std::string> Unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return MakeError(ErrorCode::kInvalidRequest, "not base64");
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return MakeError(ErrorCode::kInvalidRequest, "not base64");
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  out.resize(n - pad);
  return out;
}

}  // namespace

Result<std::string> SecretBox::DecodeKey(std::string_view text) {
  if (text.size() == 2 * kKeyBytes &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); })) {
    std::string raw;
    for (size_t i = 0; i < text.size(); i += 2) raw += static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
    return raw;
  }
  auto raw = Unbase64(text);
  if (!raw || raw->size() != kKeyBytes)
    return MakeError(ErrorCode::kInvalidRequest, "the secret key must be 32 bytes as 64 hex digits or base64");
  return raw;
}

Status SecretBox::AddKey(std::string id, std::string raw_key) {
  if (raw_key.size() != kKeyBytes || id.empty() || id.find(':') != std::string::npos)
    return MakeError(ErrorCode::kInvalidRequest, "a key is 32 bytes with an id without ':'");
  keys_[id] = std::move(raw_key);
  sealing_id_ = std::move(id);
  return Status::Ok();
}

Result<std::string> SecretBox::Seal(std::string_view plaintext) const {
  if (sealing_id_.empty()) return MakeError(ErrorCode::kInvalidRequest, "no secret key is configured");
  const std::string& key = keys_.at(sealing_id_);
  std::string blob(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(blob.data());
  if (RAND_bytes(bytes, kNonceBytes) != 1) return MakeError(ErrorCode::kInternal, "no random nonce");
  Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                                      reinterpret_cast<const unsigned char*>(key.data()), bytes) == 1 &&
            EVP_EncryptUpdate(ctx.get(), bytes + kNonceBytes, &len,
                              reinterpret_cast<const unsigned char*>(plaintext.data()), static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), bytes + kNonceBytes + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes + kNonceBytes + plaintext.size()) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "AES-256-GCM seal failed");
  return sealing_id_ + ":" + Base64(blob);
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  size_t colon = sealed.find(':');
  if (colon == std::string_view::npos) return MakeError(ErrorCode::kInvalidRequest, "not a sealed secret");
  auto key = keys_.find(std::string(sealed.substr(0, colon)));
  if (key == keys_.end()) return MakeError(ErrorCode::kNotFound, "the secret was sealed with a key recond does not have");
  auto blob = Unbase64(sealed.substr(colon + 1));
  if (!blob || blob->size() < static_cast<size_t>(kNonceBytes + kTagBytes))
    return MakeError(ErrorCode::kInvalidRequest, "not a sealed secret");
  auto* bytes = reinterpret_cast<unsigned char*>(blob->data());
  const int text_bytes = static_cast<int>(blob->size()) - kNonceBytes - kTagBytes;
  std::string plain(text_bytes, '\0');
  Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                                      reinterpret_cast<const unsigned char*>(key->second.data()), bytes) == 1 &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, bytes + kNonceBytes,
                              text_bytes) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes + kNonceBytes + text_bytes) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) == 1;
  if (!ok) return MakeError(ErrorCode::kForbidden, "the secret does not authenticate (tampered or wrong key)");
  return plain;
}

}  // namespace recon::security
