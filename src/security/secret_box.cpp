#include "security/secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>

#include "recon/hex.hpp"

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
  if (text.size() == 2 * kKeyBytes) {
    if (auto raw = hex::Decode(text)) return std::move(*raw);
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

namespace {

// The text between the key id and the base64 of a value sealed with associated data. Base64 has
// no ':', so a value sealed before (format 1, "<key id>:<base64>") can never look like one.
constexpr std::string_view kBoundTag = "v2:";

struct Parsed {
  std::string_view key_id;
  bool bound = false;
  std::string_view blob;  // base64
};

Result<Parsed> Parse(std::string_view sealed) {
  const size_t colon = sealed.find(':');
  if (colon == std::string_view::npos || colon == 0) return MakeError(ErrorCode::kInvalidRequest, "not a sealed secret");
  Parsed p{sealed.substr(0, colon), false, sealed.substr(colon + 1)};
  if (p.blob.starts_with(kBoundTag)) {
    p.bound = true;
    p.blob.remove_prefix(kBoundTag.size());
  }
  return p;
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// AES-256-GCM over `plaintext` with `aad` authenticated beside it; nonce|ciphertext|tag.
Result<std::string> Encrypt(const std::string& key, std::string_view plaintext, std::string_view aad) {
  std::string blob(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(blob.data());
  if (RAND_bytes(bytes, kNonceBytes) != 1) return MakeError(ErrorCode::kInternal, "no random nonce");
  Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), bytes) == 1 &&
            (aad.empty() || EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1) &&
            EVP_EncryptUpdate(ctx.get(), bytes + kNonceBytes, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), bytes + kNonceBytes + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, bytes + kNonceBytes + plaintext.size()) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "AES-256-GCM seal failed");
  return blob;
}

Result<std::string> Decrypt(const std::string& key, std::string_view base64, std::string_view aad) {
  auto blob = Unbase64(base64);
  if (!blob || blob->size() < static_cast<size_t>(kNonceBytes + kTagBytes))
    return MakeError(ErrorCode::kInvalidRequest, "not a sealed secret");
  auto* bytes = reinterpret_cast<unsigned char*>(blob->data());
  const int text_bytes = static_cast<int>(blob->size()) - kNonceBytes - kTagBytes;
  std::string plain(text_bytes, '\0');
  Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), bytes) == 1 &&
            (aad.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1) &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, bytes + kNonceBytes,
                              text_bytes) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes + kNonceBytes + text_bytes) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) == 1;
  if (!ok)
    return MakeError(ErrorCode::kForbidden,
                     "the secret does not authenticate: sealed for another place, altered, or under another key");
  return plain;
}

}  // namespace

Result<std::string> SecretBox::Seal(std::string_view plaintext, std::string_view context) const {
  if (sealing_id_.empty()) return MakeError(ErrorCode::kInvalidRequest, "no secret key is configured");
  if (context.empty()) return MakeError(ErrorCode::kInternal, "a sealed secret needs the context it belongs to");
  auto blob = Encrypt(keys_.at(sealing_id_), plaintext, context);
  if (!blob) return blob.take_error();
  return sealing_id_ + ":" + std::string(kBoundTag) + Base64(*blob);
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view context) const {
  auto parsed = Parse(sealed);
  if (!parsed) return parsed.take_error();
  if (!parsed->bound)
    return MakeError(ErrorCode::kForbidden,
                     "the secret was sealed without its context (before recond 0017) and was not re-sealed since");
  if (context.empty()) return MakeError(ErrorCode::kInternal, "a sealed secret opens only with its context");
  auto key = keys_.find(std::string(parsed->key_id));
  if (key == keys_.end()) return MakeError(ErrorCode::kNotFound, "the secret was sealed with a key recond does not have");
  return Decrypt(key->second, parsed->blob, context);
}

Result<std::string> SecretBox::OpenUnbound(std::string_view sealed) const {
  auto parsed = Parse(sealed);
  if (!parsed) return parsed.take_error();
  if (parsed->bound) return MakeError(ErrorCode::kInvalidRequest, "the secret is bound to its context already");
  auto key = keys_.find(std::string(parsed->key_id));
  if (key == keys_.end()) return MakeError(ErrorCode::kNotFound, "the secret was sealed with a key recond does not have");
  return Decrypt(key->second, parsed->blob, {});
}

bool SecretBox::IsBound(std::string_view sealed) {
  auto parsed = Parse(sealed);
  return parsed && parsed->bound;
}

}  // namespace recon::security
