#include "recon/date.hpp"

#include <chrono>
#include <cstdio>

#include "recon/ascii.hpp"

namespace recon {
namespace {

constexpr int kYearMin = 1900;  // nothing a bank books is older; guards against nonsense input
constexpr int kYearMax = 2199;

std::chrono::year_month_day ToYmd(int32_t days) {
  return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days)));
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kYearMin || year > kYearMax) {
    return MakeError(ErrorCode::kInvalidDate, "year " + std::to_string(year) + " is out of range");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (month < 1 || month > 12 || day < 1 || !ymd.ok()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return MakeError(ErrorCode::kInvalidDate, std::string(buf) + " is not a calendar date");
  }
  return Date(static_cast<int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count()));
}

Result<Date> Date::ParseIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ascii::AllDigits(text.substr(0, 4)) ||
      !ascii::AllDigits(text.substr(5, 2)) || !ascii::AllDigits(text.substr(8, 2))) {
    return MakeError(ErrorCode::kInvalidDate, "'" + std::string(text) + "' is not a date in the form YYYY-MM-DD");
  }
  return FromYmd(ToInt(text.substr(0, 4)), ToInt(text.substr(5, 2)), ToInt(text.substr(8, 2)));
}

Result<Date> Date::ParseYymmdd(std::string_view text) {
  if (text.size() != 6 || !ascii::AllDigits(text)) {
    return MakeError(ErrorCode::kInvalidDate, "'" + std::string(text) + "' is not a date in the form YYMMDD");
  }
  const int yy = ToInt(text.substr(0, 2));
  return FromYmd(yy < 80 ? 2000 + yy : 1900 + yy, ToInt(text.substr(2, 2)), ToInt(text.substr(4, 2)));
}

int Date::year() const { return static_cast<int>(ToYmd(days_).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(ToYmd(days_).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(ToYmd(days_).day())); }

std::string Date::ToIso() const {
  const auto ymd = ToYmd(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace recon
