// Five-field cron expressions ("minute hour day-of-month month day-of-week") for connection
// schedules: numbers, '*', ranges "a-b", steps "*/n" and "a-b/n", lists "a,b"; day of week 0-7
// (0 and 7 are Sunday). As in Vixie cron, when both day fields are restricted a day matching
// either one is due. Time zones: "UTC" or a fixed offset "+01:00" / "-05:30" (named zones with
// daylight saving are not supported: the daemon has no time zone database it can rely on).
// Pure: no clock, no I/O.
#pragma once

#include <bitset>
#include <chrono>
#include <optional>
#include <string>

#include "recon/error.hpp"

namespace recon::bank_connections {

struct CronSchedule {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;     // 1..31
  std::bitset<13> months;   // 1..12
  std::bitset<7> weekdays;  // 0..6, Sunday = 0
  bool days_restricted = false;
  bool weekdays_restricted = false;
  std::chrono::minutes offset{0};  // local time = UTC + offset
};

// kInvalidRequest naming the field ("schedule: hour: 24 is beyond 0-23").
Result<CronSchedule> ParseCron(const std::string& expression, const std::string& time_zone);

// The first due minute strictly after `after`; nullopt when none within four years (a schedule
// like "0 0 31 2 *" never fires).
std::optional<std::chrono::sys_seconds> NextDue(const CronSchedule& schedule, std::chrono::sys_seconds after);

}  // namespace recon::bank_connections
