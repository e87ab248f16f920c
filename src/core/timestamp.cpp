#include "recon/timestamp.hpp"

#include <cstdio>

namespace recon {
namespace {

// Calendar fields by std::chrono, not gmtime: no time_t range, no C library state.
struct UtcFields {
  int year;
  unsigned month, day;
  long hours, minutes, seconds;
};

UtcFields FieldsOf(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<long>(hms.hours().count()),
          static_cast<long>(hms.minutes().count()),
          static_cast<long>(hms.seconds().count())};
}

}  // namespace

std::string FormatUtcSeconds(std::chrono::sys_seconds t) {
  const UtcFields f = FieldsOf(t);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", f.year, f.month, f.day, f.hours, f.minutes,
                f.seconds);
  return text;
}

std::string FormatUtcMillis(std::chrono::sys_time<std::chrono::milliseconds> t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const UtcFields f = FieldsOf(seconds);
  const long millis = static_cast<long>((t - seconds).count());
  char text[56];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", f.year, f.month, f.day, f.hours,
                f.minutes, f.seconds, millis);
  return text;
}

}  // namespace recon
