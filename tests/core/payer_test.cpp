// The payer identity kinds' name table, and a line's payer keys by kind.
#include "recon/payer.hpp"

#include <gtest/gtest.h>

#include <set>

namespace recon {
namespace {

TEST(IdentityKind, EveryKindHasAUniqueNameThatParsesBack) {
  std::set<std::string_view> names;
  for (IdentityKind kind : kAllIdentityKinds) {
    const std::string_view name = IdentityKindName(kind);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseIdentityKind(name), kind) << name;
  }
  EXPECT_EQ(names.size(), 2u);
  // The names of the payer_history table's CHECK constraint (migration 0002).
  EXPECT_EQ(IdentityKindName(IdentityKind::kAccount), "account");
  EXPECT_EQ(IdentityKindName(IdentityKind::kName), "name");
  for (std::string_view unknown : {"", "iban", "Account", "NAME", "account "}) {
    EXPECT_EQ(ParseIdentityKind(unknown), std::nullopt) << unknown;
  }
}

TEST(PayerKeys, OfAKindIsThatKey) {
  const PayerKeys keys{"NO9386011117947", "nordic design"};
  EXPECT_EQ(keys.Of(IdentityKind::kAccount), "NO9386011117947");
  EXPECT_EQ(keys.Of(IdentityKind::kName), "nordic design");
  EXPECT_EQ(PayerKeys{}.Of(IdentityKind::kAccount), "");
}

}  // namespace
}  // namespace recon
