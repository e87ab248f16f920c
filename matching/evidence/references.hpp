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

#include "matching/evidence/check_digits.hpp"

namespace recon::matching {

enum class ReferenceKind {
  kRf,          // ISO 11649: "RF" + 2 check digits + up to 21 alphanumerics, MOD 97-10
  kKid,         // Norway: 2-25 digits, last digit MOD10 (Luhn) or MOD11 ('-' as check digit for 10)
  kOcr,         // Sweden: 2-25 digits, Luhn check digit, optional length digit before it
  kFik,         // Denmark: +71<15 digits> / +73 / +75<16 digits> with a MOD10 check (type 73 has none)
  kFinnish,     // Finland: 4-20 digits, 7-3-1 weighted check digit
  kBelgianOgm,  // Belgium: 12 digits, first 10 MOD 97 = last 2 (97 when 0)
  kSwissQr,     // Switzerland: 27 digits, recursive MOD10 check digit (QR-IBAN reference, ISR)
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

// The reference that `text` is as a whole (case, spaces, tabs, dashes, dots, slashes, '+' and
// '*' tolerated), when its check digit is valid; empty otherwise (a wrong check digit, a
// wrong length, letters in a national reference, a payload of only zeros).
//
// Forms recognised:
//   "RF18 5390 0754 7034", "rf18539007547034"       -> RF only (the "RF" prefix decides)
//   "+++090/9337/55493+++", "***090/9337/55493***"  -> Belgian only (the wrapping decides)
//   "+71<000000001234567+12345678<", "+75 ...", "+71 000000001234567" -> FIK only, canonical
//       "71"/"75" + payment id (the creditor number after the second '+' is not part of it);
//       "+73..." carries no payment id and gives nothing
//   "1234567-"                                       -> KID MOD11 whose check character is '-'
//   a string of digits                               -> every national kind whose check holds,
//       in this order (the most specific first):
//         Swiss QR (27 digits), Belgian OGM (12), FIK (15 digits as "71"+id, 16 as "75"+id,
//         and "71"+15 / "75"+16 digits as written), Finnish (4-20), KID (MOD10 or MOD11),
//         OCR (Luhn).
// Every Luhn-valid string of 2-25 digits is both a KID and an OCR; a bare 15- or 16-digit
// Luhn string is also a FIK payment id (that is how Danish banks report +71/+75 payments),
// so its canonical form of the first kind carries the FIK type.
std::vector<StructuredReference> ValidateReference(std::string_view text);

// Every valid reference found inside free text (remittance information, an EndToEndId),
// e.g. "Payment RF18 5390 0754 7034 thanks" or "+++090/9337/55493+++", in order of
// appearance; a text valid in several kinds gives each of them, in ValidateReference's
// order; no (kind, canonical) pair twice. A number that is only part of a longer run of
// digits is never taken. What is looked for, and what never counts:
//   - RF: "RF"/"rf" at the start of a word, 2 check digits, then the body written in one
//     piece or in print groups of 4 separated by single spaces or dashes (the last group may
//     be shorter; a group that has no digit, such as a word, ends it). Every grouping that
//     validates is returned, longest first, because a following number ("... 7034 1250")
//     may glue into a valid-looking longer one. An RF whose check fails gives nothing, and
//     its digits are not read again as a national reference.
//   - Belgian "+++ddd/dddd/ddddd+++" or "***...***" (spaces allowed), and "ddd/dddd/ddddd".
//   - FIK "+71<id+creditor<" / "+75 ..." ; "+73" gives nothing.
//   - national references as bare digits: a run of 6-27 digits standing alone, or print
//     groups separated by single spaces ("4005 0000 1237", "21 00000 00003 13947 14300 09017":
//     groups of at most 5 digits, inner groups of 3-5), joined only when all of them
//     together validate; a part of the groups is never taken, so a wrong check digit does
//     not leave a shorter valid-looking number behind. After a label ("KID",
//     "OCR", "Ref", "FIK", "Viite", "Referanse", ...) 4 digits suffice, and the label may be
//     glued to the digits ("KID1234567890128"). Never taken: digits glued to other letters
//     ("E2E20261120010000001", "INV2026000123"), digits that are part of a number with
//     '-', '.', ',' or '/' ("2026-000123", "1.250,00", "20.11.2026"), digits after a '+'
//     (phone numbers, the FIK creditor number).
// A bare digit run that validates is only a candidate: one in ten random numbers passes a
// MOD10 check, so it is evidence only where it equals an open item's reference.
std::vector<StructuredReference> FindReferences(std::string_view text);

// The canonical key under which an open item's structured reference is indexed: the
// canonical form of the first kind ValidateReference returns when it validates, else the
// text upper-cased without separators (NormalizeReference; the ERP's value is trusted as
// given) - or, should that normalised text validate ("+++000000001234566+++" is no Belgian
// reference but a FIK id), its canonical form.
// ReferenceKey(r.canonical) == ReferenceKey(text) for every r that ValidateReference
// returns for `text`; ReferenceKey(r.canonical) == r's own key for every r FindReferences
// returns; ReferenceKey(ReferenceKey(x)) == ReferenceKey(x).
std::string ReferenceKey(std::string_view item_reference);

// The Finnish national reference inside a Finnish RF reference: Finnish banks form the RF
// reference as "RF" + check digits + the national reference, so "RF11 1232" carries "1232".
// nullopt when `rf` is not of kind kRf or its body is not a valid Finnish reference.
// Lets a line paying with the RF form meet an item that holds the national form.
std::optional<StructuredReference> FinnishReferenceInRf(const StructuredReference& rf);

}  // namespace recon::matching
