#include "recon/digest.hpp"

#include <openssl/evp.h>

#include "recon/hex.hpp"

namespace recon {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return hex::Encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace recon
