// Counterparty identity: accounts and names normalised for comparison (never for storage).
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "recon/payer.hpp"
#include "recon/statement.hpp"

namespace recon::matching {

// An account number as a key: upper case, without spaces, tabs, dashes and dots
// ("no93 8601 1117 947" -> "NO9386011117947"). "" for empty input. No validation: a
// domestic account number ("8601.11.17947") is keyed as given.
std::string AccountKey(std::string_view account);

// True when `iban` is a syntactically valid IBAN (country, length, MOD 97 check): a country
// of the IBAN registry, exactly that country's length, check digits 02-98 and the ISO 7064
// MOD 97-10 remainder 1. Spaces (print format "NO93 8601 1117 947") and lower case are
// tolerated; any other character makes it invalid.
bool IsValidIban(std::string_view iban);

// The IBAN length of a country in the IBAN registry ("NO" -> 15, "DE" -> 22); 0 when the
// two upper-case letters are not an IBAN country.
size_t IbanLength(std::string_view country_code);

// A company or person name as a key: lower case, diacritics folded (ø -> o, ä -> a,
// é -> e, ß -> ss ...), punctuation removed, legal forms dropped wherever they stand
// (AS, A/S, ASA, AB, ApS, Oy, Oyj, GmbH, AG, Ltd, Limited, LLC, Inc, BV, B.V., NV, SA,
// SARL, SpA, Srl, KG, plc, Corp ...), whitespace collapsed.
// "NORDIC DESIGN A/S" and "Nordic Design AS" give one key: "nordic design".
//
// In detail (docs/matching/evidence.md has the full legal-form list):
//   - UTF-8 in. Latin-1 Supplement and Latin Extended-A letters (and Romanian ș ț) fold to
//     ASCII: æ -> ae, œ -> oe, ß -> ss, þ -> th, ĳ -> ij, every other accented letter to its
//     base letter; combining accents (decomposed text) are dropped. Other letters (Greek,
//     Cyrillic, ...) are kept as they are. A byte that is not valid UTF-8 is read as Latin-1.
//   - '.', '/', apostrophes join ("A/S" -> "as", "A.B." -> "ab", "O'Neil" -> "oneil"); any
//     other non-alphanumeric character separates words.
//   - A legal form is dropped only as a whole word (or a whole word sequence: "sp z oo");
//     "I/S" and "K/S" only when written with their slash ("is" is also a word); never a word
//     written against a hyphen ("Co-op" -> "co op").
//   - When nothing but legal forms is left ("AS", "Oy Ab"), they are kept: a key is never
//     empty for a name that had letters or digits.
// "" when the name has no letter or digit.
std::string NameKey(std::string_view name);

// The payer keys of a line: AccountKey of its counterparty account and NameKey of its
// counterparty name ("" for either it lacks). Computed when the line is stored; the matcher
// and what a match teaches take them from there.
PayerKeys PayerKeysOf(const StatementLine& line);

}  // namespace recon::matching
