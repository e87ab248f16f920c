#include "recon/hex.hpp"

#include <gtest/gtest.h>

namespace recon {
namespace {

TEST(Hex, EncodesEveryByteInBothCases) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string lower = hex::Encode(all);
  const std::string upper = hex::EncodeUpper(all);
  ASSERT_EQ(lower.size(), 512u);
  EXPECT_EQ(lower.substr(0, 8), "00010203");
  EXPECT_EQ(lower.substr(0x4F * 2, 2), "4f");
  EXPECT_EQ(lower.substr(510), "ff");
  EXPECT_EQ(upper.substr(0x4F * 2, 2), "4F");
  EXPECT_EQ(upper.substr(0xAB * 2, 2), "AB");
  EXPECT_EQ(hex::Encode(""), "");
}

TEST(Hex, NamesABytePlainly) {
  EXPECT_EQ(hex::ByteName(0x00), "0x00");
  EXPECT_EQ(hex::ByteName(0x07), "0x07");
  EXPECT_EQ(hex::ByteName(0x4F), "0x4F");
  EXPECT_EQ(hex::ByteName(0xFF), "0xFF");
  std::string out = "%";
  hex::AppendUpper(out, 0xE9);
  EXPECT_EQ(out, "%E9");
}

TEST(Hex, DecodesWhatItEncodes) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(hex::Decode(hex::Encode(all)), all);
  EXPECT_EQ(hex::Decode(hex::EncodeUpper(all)), all);
  EXPECT_EQ(hex::Decode("4F0a"), std::string("\x4f\x0a"));
  EXPECT_EQ(hex::Decode(""), std::string());
}

TEST(Hex, RefusesWhatIsNotHex) {
  for (const char* bad : {"0", "abc", "0g", "g0", " 00", "00 ", "0x00", "-1", "\xC3\xA9"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(hex::Decode(bad).has_value());
  }
  EXPECT_FALSE(hex::Decode(std::string_view("0\0", 2)).has_value());
}

}  // namespace
}  // namespace recon
