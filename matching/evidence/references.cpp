#include "matching/evidence/references.hpp"

#include "matching/normalize.hpp"

namespace recon::matching {

// Stubs until the extractor work lands: no validation yet.
std::string_view ReferenceKindName(ReferenceKind) { return "reference"; }
std::vector<StructuredReference> ValidateReference(std::string_view) { return {}; }
std::vector<StructuredReference> FindReferences(std::string_view) { return {}; }
std::string ReferenceKey(std::string_view item_reference) { return NormalizeReference(item_reference); }

}  // namespace recon::matching
