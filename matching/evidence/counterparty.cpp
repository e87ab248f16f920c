#include "matching/evidence/counterparty.hpp"

namespace recon::matching {

// Stubs until the extractor work lands.
std::string AccountKey(std::string_view account) { return std::string(account); }
bool IsValidIban(std::string_view) { return false; }
std::string NameKey(std::string_view name) { return std::string(name); }

}  // namespace recon::matching
