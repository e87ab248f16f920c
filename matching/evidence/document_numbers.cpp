#include "matching/evidence/document_numbers.hpp"

namespace recon::matching {

// Stubs until the extractor work lands.
std::string DocumentKey(std::string_view) { return ""; }
std::vector<std::string> FindDocumentKeys(std::string_view, size_t) { return {}; }

}  // namespace recon::matching
