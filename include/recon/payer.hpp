// Who pays: the identities of a line's payer that recond learns from and matches by.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon {

// What a payer identity is made of. Its name (src/core/payer.cpp) is what the payer history
// stores and GET /v1/partners/{id}/payers answers, so it never changes.
enum class IdentityKind {
  kAccount,  // the counterparty's account, as matching::AccountKey keys it
  kName,     // the counterparty's name, as matching::NameKey keys it
};
inline constexpr IdentityKind kAllIdentityKinds[] = {IdentityKind::kAccount, IdentityKind::kName};
// "account", "name".
std::string_view IdentityKindName(IdentityKind kind);
// The kind of that name; nullopt for any other text.
std::optional<IdentityKind> ParseIdentityKind(std::string_view name);

// The payer keys of one statement line: its counterparty's account and name, normalised
// (matching::PayerKeysOf). Computed once, when the line is stored, and carried with the line
// to the matcher and to what a match teaches. "" when the line has no such identity.
struct PayerKeys {
  std::string account;
  std::string name;

  // The key of one kind.
  const std::string& Of(IdentityKind kind) const { return kind == IdentityKind::kAccount ? account : name; }
  bool operator==(const PayerKeys&) const = default;
};

}  // namespace recon
