#include "recon/payer.hpp"

#include "recon/name_table.hpp"

namespace recon {

std::string_view IdentityKindName(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::kAccount: return "account";
    case IdentityKind::kName: return "name";
  }
  return "account";
}

std::optional<IdentityKind> ParseIdentityKind(std::string_view name) {
  return FromName(kAllIdentityKinds, IdentityKindName, name);
}

}  // namespace recon
