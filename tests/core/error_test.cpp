#include "recon/error.hpp"

#include <gtest/gtest.h>

#include <set>

namespace recon {
namespace {

TEST(ErrorCode, EveryCodeHasAUniqueStableName) {
  std::set<std::string_view> names;
  for (ErrorCode code : kAllErrorCodes) {
    const std::string_view name = ErrorCodeName(code);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << name;
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << name;
  }
  EXPECT_EQ(ErrorCodeName(ErrorCode::kMalformedFile), "malformed-file");
}

TEST(Error, ToStringPutsThePlaceFirst) {
  EXPECT_EQ(MakeError(ErrorCode::kMalformedFile, "bad", "line 3").ToString(), "line 3: bad");
  EXPECT_EQ(MakeError(ErrorCode::kMalformedFile, "bad").ToString(), "bad");
}

}  // namespace
}  // namespace recon
