#include "recon/timestamp.hpp"

#include <gtest/gtest.h>

namespace recon {
namespace {

using namespace std::chrono;

TEST(Timestamp, FormatsUtcSeconds) {
  EXPECT_EQ(FormatUtcSeconds(sys_seconds{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtcSeconds(sys_days{2026y / March / 1} + 9h + 30min + 5s), "2026-03-01T09:30:05Z");
  EXPECT_EQ(FormatUtcSeconds(sys_days{2024y / February / 29} + 23h + 59min + 59s), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatUtcSeconds(sys_days{1969y / December / 31} + 23h), "1969-12-31T23:00:00Z");
  EXPECT_EQ(FormatUtcSeconds(sys_days{999y / January / 2}), "0999-01-02T00:00:00Z");
}

TEST(Timestamp, FormatsUtcMillis) {
  EXPECT_EQ(FormatUtcMillis(sys_days{2026y / March / 1} + 9h + 30min + 5s + 250ms), "2026-03-01T09:30:05.250Z");
  EXPECT_EQ(FormatUtcMillis(sys_time<milliseconds>{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtcMillis(sys_time<milliseconds>{milliseconds{-1}}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatUtcMillis(sys_days{2026y / December / 31} + 23h + 59min + 59s + 999ms), "2026-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace recon
