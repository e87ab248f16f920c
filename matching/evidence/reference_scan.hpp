// Internal to matching/evidence: the pieces shared by ValidateReference, FindReferences and
// FindDocumentKeys. Not part of the matcher's contract.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "matching/evidence/references.hpp"

namespace recon::matching::evidence_detail {

// Appends every national kind that the digit string `digits` is valid in, in
// ValidateReference's order, skipping pairs already in `out`. Returns whether any held.
bool AppendDigitKinds(std::string_view digits, std::vector<StructuredReference>& out);

// A stretch of text that a reference pattern took: an RF (valid or not), a wrapped or
// slashed Belgian communication, a FIK code line, or print groups that validated together.
// Its digits are part of a reference, never a document number.
struct ClaimedSpan {
  size_t begin = 0;
  size_t end = 0;  // one past the last character
};

// True when AppendDigitKinds would append anything; builds nothing.
bool IsAnyDigitKind(std::string_view digits);

// Scans free text for references (see FindReferences). Appends found references to `found`
// (without duplicates) unless it is null, and the spans above to `claimed` unless it is null.
void ScanReferences(std::string_view text, std::vector<StructuredReference>* found, std::vector<ClaimedSpan>* claimed);

}  // namespace recon::matching::evidence_detail
