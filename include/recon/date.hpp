// A calendar date without a time zone, as banks book and value entries.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon {

class Date {
 public:
  Date() = default;  // 1970-01-01

  // A date from its parts; kInvalidDate for 2026-02-30, month 13, year 0 and the like.
  static Result<Date> FromYmd(int year, int month, int day);
  // "YYYY-MM-DD" exactly; kInvalidDate otherwise.
  static Result<Date> ParseIso(std::string_view text);
  // "YYMMDD" as SWIFT writes it; years 00-79 are 2000-2079 and 80-99 are 1980-1999.
  static Result<Date> ParseYymmdd(std::string_view text);
  // The date `days_since_epoch` days after 1970-01-01 (negative before it).
  static Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }

  int year() const;
  int month() const;
  int day() const;
  int32_t days_since_epoch() const { return days_; }

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // this - other, in days.
  int32_t DaysSince(const Date& other) const { return days_ - other.days_; }

  std::string ToIso() const;  // "YYYY-MM-DD"

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

}  // namespace recon
