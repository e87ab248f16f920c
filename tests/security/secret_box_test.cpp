#include "security/secret_box.hpp"

#include <gtest/gtest.h>

#include "security/legacy_seal.hpp"

namespace recon::security {
namespace {

const std::string kHexKey(64, 'a');

SecretBox Box(const std::string& id, char fill) {
  SecretBox box;
  EXPECT_TRUE(box.AddKey(id, std::string(32, fill)).ok());
  return box;
}

constexpr const char* kPlace = "connection_secrets/7/refresh_token";

TEST(SecretBox, RoundTripWithFreshNonce) {
  auto box = Box("k1", 'x');
  auto a = box.Seal("refresh-token", kPlace);
  auto b = box.Seal("refresh-token", kPlace);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("k1:v2:", 0), 0u);
  EXPECT_TRUE(SecretBox::IsBound(*a));
  EXPECT_EQ(box.Open(*a, kPlace).value(), "refresh-token");
  EXPECT_EQ(box.Open(box.Seal("", kPlace).value(), kPlace).value(), "");
}

// Issue 11, point 9: a ciphertext copied to another connection's row (or another secret's) opened
// there, because nothing bound it to its place.
TEST(SecretBox, AValueOpensOnlyInThePlaceItWasSealedFor) {
  auto box = Box("k1", 'x');
  const std::string sealed = box.Seal("client-secret", "connection_secrets/7/client_secret").value();
  for (const char* elsewhere : {"connection_secrets/8/client_secret", "connection_secrets/7/refresh_token",
                                "connection_secrets/70/client_secret", "connection_tokens/7"}) {
    auto opened = box.Open(sealed, elsewhere);
    ASSERT_FALSE(opened.ok()) << elsewhere;
    EXPECT_EQ(opened.error().code, ErrorCode::kForbidden) << elsewhere;
  }
  // Stripping the version tag does not turn it into a value that opens without its place.
  std::string stripped = sealed;
  stripped.erase(3, 3);
  EXPECT_FALSE(box.OpenUnbound(stripped).ok());
  EXPECT_FALSE(box.Open(stripped, "connection_secrets/7/client_secret").ok());
}

TEST(SecretBox, AFormatOneValueOpensOnlyThroughOpenUnbound) {
  auto box = Box("k1", 'x');
  const std::string legacy = testing::LegacySeal("k1", std::string(32, 'x'), "old-secret");
  EXPECT_FALSE(SecretBox::IsBound(legacy));
  auto refused = box.Open(legacy, kPlace);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(box.OpenUnbound(legacy).value(), "old-secret");
  EXPECT_EQ(box.OpenUnbound(box.Seal("x", kPlace).value()).error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(Box("k1", 'y').OpenUnbound(legacy).error().code, ErrorCode::kForbidden);
}

TEST(SecretBox, TamperingIsDetected) {
  auto box = Box("k1", 'x');
  std::string sealed = box.Seal("secret", kPlace).value();
  // A character in the middle: the last ones may carry only base64 padding bits.
  const size_t at = sealed.size() / 2;
  sealed[at] = sealed[at] == 'A' ? 'B' : 'A';
  auto opened = box.Open(sealed, kPlace);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kForbidden);
}

TEST(SecretBox, WrongKeyAndUnknownKeyId) {
  auto sealed = Box("k1", 'x').Seal("secret", kPlace).value();
  EXPECT_EQ(Box("k1", 'y').Open(sealed, kPlace).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Box("k2", 'x').Open(sealed, kPlace).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Box("k1", 'x').Open("garbage", kPlace).error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(Box("k1", 'x').Open("k1:v2:!!", kPlace).error().code, ErrorCode::kInvalidRequest);
}

TEST(SecretBox, RotationOpensOldSealsWithNewestSealing) {
  auto box = Box("k1", 'x');
  auto old_seal = box.Seal("old", kPlace).value();
  ASSERT_TRUE(box.AddKey("k2", std::string(32, 'z')).ok());
  EXPECT_EQ(box.Open(old_seal, kPlace).value(), "old");
  EXPECT_EQ(box.Seal("new", kPlace).value().rfind("k2:v2:", 0), 0u);
}

TEST(SecretBox, KeyDecoding) {
  EXPECT_EQ(SecretBox::DecodeKey(kHexKey).value(), std::string(32, '\xaa'));
  EXPECT_EQ(SecretBox::DecodeKey("eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=").value(), std::string(32, 'x'));
  EXPECT_FALSE(SecretBox::DecodeKey("short").ok());
  EXPECT_FALSE(SecretBox::DecodeKey(std::string(62, 'a')).ok());
  SecretBox box;
  EXPECT_FALSE(box.AddKey("k", "short").ok());
  EXPECT_FALSE(box.Seal("x", kPlace).ok());
}

}  // namespace
}  // namespace recon::security
