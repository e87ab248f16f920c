// Normalisation of references for comparison. What the bank sent is stored as sent;
// these forms are only ever used as keys.
#pragma once

#include <string>
#include <string_view>

namespace recon::matching {

// Upper case, without spaces, dashes, dots, slashes and plus signs: "rf18 5390 0754 7034" -> "RF18539007547034".
std::string NormalizeReference(std::string_view text);

}  // namespace recon::matching
