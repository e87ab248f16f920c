// SHA-256 (through OpenSSL's EVP interface) as lower-case hex: a file's fingerprint, a
// synthetic line id, a token's stored form. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace recon {

// The 64 lower-case hex digits of the SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace recon
