// Date patterns such as "DD.MM.YYYY", "YYYY-MM-DD", "M/D/YYYY" or "YYYY-MM-DD HH:mm:ss".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recon/date.hpp"
#include "recon/error.hpp"

namespace recon::csv {

// A compiled date pattern. Tokens: YYYY (four-digit year), YY (two digits: 00-79 are
// 2000-2079, 80-99 are 1980-1999, as SWIFT reads them), MM and DD (exactly two digits),
// M and D (one or two digits), HH, mm, ss (a time of day, checked and then ignored: a
// statement line carries a date only). Any other character that is not a letter or a
// digit, and the letter T (ISO 8601's date-time separator), is literal and must appear as written. Copyable;
// thread-safe to use.
class DateFormat {
 public:
  // Compiles `pattern`. kInvalidRequest when it has an unknown token, no year, month or
  // day, one of them twice, or a one-or-two-digit token not followed by a literal (which
  // could not be read unambiguously).
  static Result<DateFormat> Compile(std::string_view pattern);

  // The date in `text` (surrounding whitespace ignored), or nullopt when the text does
  // not have this form or is not a calendar date.
  std::optional<Date> Read(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }

  // True when `other` reads the same digits in another order: "DD/MM/YYYY" and
  // "MM/DD/YYYY" both accept "01/02/2020" and disagree on what it means.
  bool ConflictsWith(const DateFormat& other) const;

 private:
  enum class Kind { kYear4, kYear2, kMonth2, kMonth, kDay2, kDay, kHour, kMinute, kSecond, kLiteral };
  struct Part {
    Kind kind;
    char literal;
  };
  // The pattern with the day and month tokens replaced by one placeholder, for ConflictsWith.
  std::string Shape() const;
  bool DayBeforeMonth() const;

  std::string pattern_;
  std::vector<Part> parts_;
};

}  // namespace recon::csv
