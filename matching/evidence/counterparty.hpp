// Counterparty identity: accounts and names normalised for comparison (never for storage).
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace recon::matching {

// An account number as a key: upper case, without spaces, dashes and dots
// ("no93 8601 1117 947" -> "NO9386011117947"). "" for empty input.
std::string AccountKey(std::string_view account);

// True when `iban` is a syntactically valid IBAN (country, length, MOD 97 check).
bool IsValidIban(std::string_view iban);

// A company or person name as a key: lower case, diacritics folded (ø -> o, ä -> a,
// é -> e, ß -> ss ...), punctuation removed, legal forms dropped wherever they stand
// (AS, A/S, ASA, AB, ApS, Oy, Oyj, GmbH, AG, Ltd, Limited, LLC, Inc, BV, B.V., NV, SA,
// SARL, SpA, Srl, KG, plc, Corp ...), whitespace collapsed.
// "NORDIC DESIGN A/S" and "Nordic Design AS" give one key: "nordic design".
std::string NameKey(std::string_view name);

}  // namespace recon::matching
