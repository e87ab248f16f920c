// SHA-256 through OpenSSL, as lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace recon::util {

std::string Sha256Hex(std::string_view bytes);

}  // namespace recon::util
