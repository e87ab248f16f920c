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
// without separators (space - / . _ and any other character that is not an ASCII letter or
// digit), without a leading alphabetic prefix ("INV-", "RE", "Faktura nr. ") and the
// leading zeros after it (every letter and zero before the first digit 1-9 goes), so that
// both "2026-000123" and "2026000123" give "2026000123", and "INV-00123", "00123" and "123"
// give "123". A key starts with 1-9 and is its own key: DocumentKey(DocumentKey(x)) ==
// DocumentKey(x).
// Zeros inside are kept: "2026-000123" and "2026-123" are different numbers, and so are
// "INV-0012026000123" ("12026000123") and "2026000123". Letters after the first digit are
// kept ("2026-000123-A" -> "2026000123A"). "" when the number has no digit at all; "0" when
// its digits are all zeros.
// Dropping the prefix means "INV-123" and "CN-123" share a key: two items then fit one
// payment equally, and the matcher proposes rather than guesses.
std::string DocumentKey(std::string_view document_number);

// Every candidate key in free text, in order of appearance, without duplicates: each
// maximal alphanumeric token (tokens may contain '-', '/', '.', '_' between alphanumerics,
// and ',' between digits), keyed like DocumentKey; as DocumentKey drops a leading
// alphabetic prefix, "INV-2026-000123" gives the key of "2026-000123". A key is never a
// fragment of a longer run of digits: "12026000123" does not yield the key of
// "2026000123", nor does "2026-000123-01". Tokens with fewer than `min_digits` digits are
// ignored (default 4), so that "nr. 5" or a date's "20" never matches; so are tokens whose
// digits are all zeros.
//
// Besides, these tokens are never document numbers and give no key:
//   - dates: 2026-11-20, 2026.11.20, 2026/11/20, 20.11.2026, 20-11-2026, 11/20/2026, 20.11.26;
//   - amounts: 1.250,00  1,250.00  1250,00  12.50  1,250  1.250.000 (a 2-digit fraction, or
//     groups of three);
//   - IBANs, in one piece or in print groups ("NO93 8601 1117 947");
//   - structured references that FindReferences takes as such by their form: an RF (even
//     with a wrong check digit), "+++090/9337/55493+++", a FIK code line, print groups
//     that validate together ("OCR 4005 0000 1237"); a bare digit run that merely passes
//     a check digit is still a document number candidate;
//   - a token right after '+' (a phone number: "+4722334455").
// A list without spaces is split: "2026-000001,2026-000002" gives both keys, and a token
// with slashes gives its own key and one per slash-separated part
// ("2026-000123/2026-000124").
std::vector<std::string> FindDocumentKeys(std::string_view text, size_t min_digits = 4);

}  // namespace recon::matching
