// Exchange rates as the banks write them, kept exact.
//
// A rate is never turned into a double: it stays decimal text, normalised so that every
// format shows it alike ("1,0856" in MT940 and "1.0856" in camt both become "1.0856").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon::parsers {

// The longest rate text recond keeps; ISO 20022 BaseOneRate has at most 11 digits, and
// room is left for banks that pad with zeros.
inline constexpr size_t kExchangeRateCharsMax = 32;

// "1.0856" from a positive decimal written with a point or a comma as the separator and
// optional whitespace around it ("1,0856", " 0.92 ", "7", "1."). Leading zeros of the whole
// part beyond one and trailing zeros of the fraction are kept as written: the text is the
// bank's. nullopt for anything else: empty, a sign, grouping, an exponent, two separators,
// a zero rate, or more than kExchangeRateCharsMax characters.
std::optional<std::string> NormalizeExchangeRate(std::string_view text);

}  // namespace recon::parsers
