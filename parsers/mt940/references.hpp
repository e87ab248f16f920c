// Checks of the structured references an MT940 file may carry.
#pragma once

#include <string_view>

namespace recon::mt940 {

// True for an ISO 11649 creditor reference ("RF18539007547034"): RF, two check digits and
// 1 to 21 letters or digits, whose ISO 7064 MOD 97-10 check gives 1.
bool IsCreditorReference(std::string_view text);

}  // namespace recon::mt940

namespace recon::mt940 {

// True for something shaped like a BIC: 8 or 11 letters and digits, the first six letters.
bool IsBic(std::string_view text);

// True for an IBAN: two letters, two check digits and up to 30 letters or digits whose
// ISO 7064 MOD 97-10 check gives 1 (spaces not allowed).
bool IsIban(std::string_view text);

}  // namespace recon::mt940
