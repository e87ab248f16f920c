// Document numbers (invoice, order, customer numbers) as payers write them in
// remittance text, EndToEndIds and references: with words around them, prefixes
// ("INV-", "Faktura nr."), separators removed or changed, leading zeros dropped.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recon::matching {

// The key an open item's document number is indexed under: the number upper-cased,
// without separators (space - / . _), and with leading zeros of its digit groups
// dropped in a way that both "2026-000123" and "2026000123" give one key.
// "" when the number has no digit at all.
std::string DocumentKey(std::string_view document_number);

// Every candidate key in free text, in order of appearance, without duplicates: each
// maximal alphanumeric token (tokens may contain '-', '/', '.' between alphanumerics),
// keyed like DocumentKey, plus the same token with a leading alphabetic prefix removed
// ("INV-2026-000123" gives the keys of "INV-2026-000123" and "2026-000123"). A key is
// never a fragment of a longer run of digits: "12026000123" does not yield the key of
// "2026000123". Tokens with fewer than `min_digits` digits are ignored (default 4), so
// that "nr. 5" or a date's "20" never matches.
std::vector<std::string> FindDocumentKeys(std::string_view text, size_t min_digits = 4);

}  // namespace recon::matching
