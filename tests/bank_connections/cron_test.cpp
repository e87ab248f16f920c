// Connection schedules: five-field cron with a fixed offset. Pure; no database.
#include "bank_connections/cron.hpp"

#include <gtest/gtest.h>

#include "recon/timestamp.hpp"

namespace recon::bank_connections {
namespace {

using namespace std::chrono;

sys_seconds At(int y, unsigned m, unsigned d, int h, int min) {
  return sys_days{year{y} / month{m} / day{d}} + hours(h) + minutes(min);
}

std::string Next(const std::string& cron, const std::string& tz, sys_seconds after) {
  auto s = ParseCron(cron, tz);
  EXPECT_TRUE(s.ok()) << cron << ": " << (s.ok() ? "" : s.error().message);
  if (!s.ok()) return "";
  auto n = NextDue(*s, after);
  return n ? FormatUtcSeconds(*n) : "never";
}

TEST(Cron, NextDueTable) {
  const sys_seconds tue_0530 = At(2026, 11, 24, 5, 30);  // a Tuesday
  struct Row {
    const char* cron;
    const char* tz;
    const char* next;
  };
  const Row rows[] = {
      {"0 6 * * *", "UTC", "2026-11-24T06:00:00Z"},
      {"30 5 * * *", "UTC", "2026-11-25T05:30:00Z"},       // strictly after
      {"*/15 * * * *", "UTC", "2026-11-24T05:45:00Z"},
      {"0 6 * * *", "+01:00", "2026-11-25T05:00:00Z"},     // 06:00 at +01:00 is 05:00 UTC, passed today
      {"0 7 * * *", "+01:00", "2026-11-24T06:00:00Z"},
      {"0 6 * * 1-5", "UTC", "2026-11-24T06:00:00Z"},
      {"0 6 * * 0,6", "UTC", "2026-11-28T06:00:00Z"},      // Saturday
      {"0 6 * * 7", "UTC", "2026-11-29T06:00:00Z"},        // 7 is Sunday too
      {"0 0 1 * *", "UTC", "2026-12-01T00:00:00Z"},
      {"0 0 1 * 3", "UTC", "2026-11-25T00:00:00Z"},        // both day fields: either one
      {"0 0 29 2 *", "UTC", "2028-02-29T00:00:00Z"},
      {"0 0 31 2 *", "UTC", "never"},
      {"5-10/5 8 * * *", "-05:30", "2026-11-24T13:35:00Z"},
  };
  for (const Row& r : rows) EXPECT_EQ(Next(r.cron, r.tz, tue_0530), r.next) << r.cron << " " << r.tz;
}

TEST(Cron, BadExpressionsNameTheField) {
  struct Row {
    const char* cron;
    const char* tz;
    const char* location;
    const char* words;
  };
  const Row rows[] = {
      {"0 6 * *", "UTC", "schedule", "5 fields"},
      {"60 6 * * *", "UTC", "schedule", "minute"},
      {"0 24 * * *", "UTC", "schedule", "hour"},
      {"0 6 0 * *", "UTC", "schedule", "day of month"},
      {"0 6 * 13 *", "UTC", "schedule", "month"},
      {"0 6 * * 8", "UTC", "schedule", "day of week"},
      {"0 6 * * mon", "UTC", "schedule", "day of week"},
      {"*/0 6 * * *", "UTC", "schedule", "step"},
      {"5-1 6 * * *", "UTC", "schedule", "minute"},
      {"0 6 * * *", "Europe/Oslo", "schedule_tz", "fixed offset"},
      {"0 6 * * *", "+25:00", "schedule_tz", "fixed offset"},
  };
  for (const Row& r : rows) {
    auto s = ParseCron(r.cron, r.tz);
    ASSERT_FALSE(s.ok()) << r.cron << " " << r.tz;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(s.error().location, r.location) << r.cron;
    EXPECT_NE(s.error().message.find(r.words), std::string::npos) << r.cron << ": " << s.error().message;
  }
}

}  // namespace
}  // namespace recon::bank_connections
