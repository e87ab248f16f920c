// Structured payment references with check digits: ISO 11649 RF creditor references,
// Norwegian KID (MOD10 and MOD11), Swedish OCR / Bankgiro references, Danish FIK
// (+71/+73/+75), Finnish national references, Belgian structured communications
// (+++123/4567/89012+++, OGM/VCS) and Swiss QR / ISR (ESR) references.
//
// A reference is evidence only when its check digit is right: a wrong check digit is
// not a reference. All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace recon::matching {

enum class ReferenceKind {
  kRf,           // ISO 11649: "RF" + 2 check digits + up to 21 alphanumerics, MOD 97-10
  kKid,          // Norway: 2-25 digits, last digit MOD10 (Luhn) or MOD11 ('-' as check digit for 10)
  kOcr,          // Sweden: 2-25 digits, Luhn check digit, optional length digit before it
  kFik,          // Denmark: +71<15 digits> / +73 / +75<16 digits> with a MOD10 check (type 73 has none)
  kFinnish,      // Finland: 4-20 digits, 7-3-1 weighted check digit
  kBelgianOgm,   // Belgium: 12 digits, first 10 MOD 97 = last 2 (97 when 0)
  kSwissQr,      // Switzerland: 27 digits, recursive MOD10 check digit (QR-IBAN reference, ISR)
};

// A valid reference in canonical form: upper case, without spaces or separators, and for
// the national kinds only the digits (FIK keeps its type: "71" + digits).
struct StructuredReference {
  ReferenceKind kind;
  std::string canonical;

  friend bool operator==(const StructuredReference&, const StructuredReference&) = default;
};

// Short name of a kind for explanations: "RF", "KID", "OCR", "FIK", "Finnish reference",
// "Belgian structured communication", "Swiss QR reference".
std::string_view ReferenceKindName(ReferenceKind kind);

// The reference that `text` is as a whole (case, spaces, dashes, dots, slashes and '+++'
// tolerated), when its check digit is valid; nullopt otherwise. A digits-only text may
// be valid in several national schemes: every kind whose check holds is returned, best
// (most specific) first.
std::vector<StructuredReference> ValidateReference(std::string_view text);

// Every valid reference found inside free text (remittance information, an EndToEndId),
// e.g. "Payment RF18 5390 0754 7034 thanks" or "+++090/9337/55493+++". A number that
// is only part of a longer run of digits is never taken.
std::vector<StructuredReference> FindReferences(std::string_view text);

// The canonical key under which an open item's structured reference is indexed: the
// canonical form when it validates, else the text upper-cased without separators (the
// ERP's value is trusted as given).
std::string ReferenceKey(std::string_view item_reference);

}  // namespace recon::matching
