#include "security/secret_box.hpp"

#include <gtest/gtest.h>

namespace recon::security {
namespace {

const std::string kHexKey(64, 'a');

SecretBox Box(const std::string& id, char fill) {
  SecretBox box;
  EXPECT_TRUE(box.AddKey(id, std::string(32, fill)).ok());
  return box;
}

TEST(SecretBox, RoundTripWithFreshNonce) {
  auto box = Box("k1", 'x');
  auto a = box.Seal("refresh-token");
  auto b = box.Seal("refresh-token");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("k1:", 0), 0u);
  EXPECT_EQ(box.Open(*a).value(), "refresh-token");
  EXPECT_EQ(box.Open(box.Seal("").value()).value(), "");
}

TEST(SecretBox, TamperingIsDetected) {
  auto box = Box("k1", 'x');
  std::string sealed = box.Seal("secret").value();
  // A character in the middle: the last ones may carry only base64 padding bits.
  const size_t at = sealed.size() / 2;
  sealed[at] = sealed[at] == 'A' ? 'B' : 'A';
  auto opened = box.Open(sealed);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kForbidden);
}

TEST(SecretBox, WrongKeyAndUnknownKeyId) {
  auto sealed = Box("k1", 'x').Seal("secret").value();
  EXPECT_EQ(Box("k1", 'y').Open(sealed).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Box("k2", 'x').Open(sealed).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Box("k1", 'x').Open("garbage").error().code, ErrorCode::kInvalidRequest);
}

TEST(SecretBox, RotationOpensOldSealsWithNewestSealing) {
  auto box = Box("k1", 'x');
  auto old_seal = box.Seal("old").value();
  ASSERT_TRUE(box.AddKey("k2", std::string(32, 'z')).ok());
  EXPECT_EQ(box.Open(old_seal).value(), "old");
  EXPECT_EQ(box.Seal("new").value().rfind("k2:", 0), 0u);
}

TEST(SecretBox, KeyDecoding) {
  EXPECT_EQ(SecretBox::DecodeKey(kHexKey).value(), std::string(32, '\xaa'));
  EXPECT_EQ(SecretBox::DecodeKey("eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=").value(), std::string(32, 'x'));
  EXPECT_FALSE(SecretBox::DecodeKey("short").ok());
  EXPECT_FALSE(SecretBox::DecodeKey(std::string(62, 'a')).ok());
  SecretBox box;
  EXPECT_FALSE(box.AddKey("k", "short").ok());
  EXPECT_FALSE(box.Seal("x").ok());
}

}  // namespace
}  // namespace recon::security
