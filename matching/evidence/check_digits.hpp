// Check-digit schemes of structured payment references and IBANs, on canonical text:
// digits only (RF and IBAN: upper-case letters and digits), no separators. Each function
// answers whether the last digit(s) of `text` are right for the rest; a text of the wrong
// length, with a character the scheme does not allow, or whose payload is only zeros (a
// placeholder that identifies nothing) is not valid. Pure, thread-safe, no allocation.
#pragma once

#include <string_view>

namespace recon::matching {

// Luhn (MOD10, weights 2,1 from the right of the payload): 2-25 digits.
// Norwegian KID MOD10, Swedish OCR (Bankgirot 10-modul) and the Danish FIK payment id.
bool IsValidLuhn(std::string_view digits);

// Norwegian KID MOD11: weights 2..7 repeating from the right of the payload; 11 - sum mod 11,
// 11 -> '0', 10 -> '-' (the check character is then a literal '-': "1234567-"). 2-25 characters.
bool IsValidKidMod11(std::string_view text);

// Norwegian KID: 2-25 digits valid in MOD10 or MOD11 (or a MOD11 KID ending in '-').
bool IsValidKid(std::string_view text);

// Swedish OCR reference (Bankgirot): 2-25 digits, Luhn. With `require_length_digit`, the
// second-to-last digit must also be the total length mod 10 (the "length digit" variant).
bool IsValidOcr(std::string_view digits, bool require_length_digit = false);

// Danish FIK payment id: type 71 has 15 digits, type 75 has 16, both Luhn ("modulus 10"
// with weights 1,2 from the left of the payload). Type 73 carries no payment id: false.
bool IsValidFik(int card_type, std::string_view digits);

// Finnish national reference: 4-20 digits, weights 7,3,1 repeating from the right of the
// payload, check = (10 - sum mod 10) mod 10.
bool IsValidFinnish(std::string_view digits);

// Belgian structured communication (OGM/VCS): 12 digits, the first 10 mod 97 equal the last
// 2, where a remainder of 0 is written 97.
bool IsValidBelgianOgm(std::string_view digits);

// Swiss QR reference / ISR (ESR) reference: 27 digits, recursive MOD10 ("Modulo 10 rekursiv").
bool IsValidSwissQr(std::string_view digits);

// ISO 11649 creditor reference: "RF", 2 check digits 02-98, 1-21 upper-case letters or digits,
// ISO 7064 MOD 97-10 over body + "RF" + check digits equal to 1.
bool IsValidRf(std::string_view text);

// ISO 7064 MOD 97-10 of an upper-case alphanumeric text, letters counting A=10 .. Z=35;
// -1 when a character is neither a digit nor an upper-case letter. Shared by RF and IBAN.
int Mod97(std::string_view text);

}  // namespace recon::matching
