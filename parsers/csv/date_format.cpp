#include "parsers/csv/date_format.hpp"

#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

}  // namespace

Result<DateFormat> DateFormat::Compile(std::string_view pattern) {
  // Longest tokens first, so that "YYYY" is not read as two "YY".
  static constexpr std::pair<std::string_view, Kind> kTokens[] = {
      {"YYYY", Kind::kYear4}, {"YY", Kind::kYear2}, {"MM", Kind::kMonth2}, {"M", Kind::kMonth},   {"DD", Kind::kDay2},
      {"D", Kind::kDay},      {"HH", Kind::kHour},  {"mm", Kind::kMinute}, {"ss", Kind::kSecond},
  };
  auto refuse = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidRequest, "the date format '" + Excerpt(pattern) + "' " + why);
  };
  DateFormat format;
  format.pattern_ = std::string(pattern);
  int years = 0, months = 0, days = 0;
  size_t i = 0;
  while (i < pattern.size()) {
    bool matched = false;
    for (const auto& [token, kind] : kTokens) {
      if (pattern.substr(i).starts_with(token)) {
        format.parts_.push_back({kind, '\0'});
        years += kind == Kind::kYear4 || kind == Kind::kYear2;
        months += kind == Kind::kMonth2 || kind == Kind::kMonth;
        days += kind == Kind::kDay2 || kind == Kind::kDay;
        i += token.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // 'T' is the one letter allowed as a literal: ISO 8601 puts it between date and time.
    if ((ascii::IsAlpha(pattern[i]) && pattern[i] != 'T') || ascii::IsDigit(pattern[i])) {
      return refuse(std::string("has '") + pattern[i] +
                    "', which is no token (use YYYY, YY, MM, M, DD, D, HH, mm, ss and separators)");
    }
    format.parts_.push_back({Kind::kLiteral, pattern[i]});
    ++i;
  }
  if (years != 1 || months != 1 || days != 1) return refuse("must have exactly one year, one month and one day");
  for (size_t k = 0; k < format.parts_.size(); ++k) {
    const Kind kind = format.parts_[k].kind;
    const bool variable = kind == Kind::kMonth || kind == Kind::kDay;
    if (variable && k + 1 < format.parts_.size() && format.parts_[k + 1].kind != Kind::kLiteral) {
      return refuse("has M or D directly before another number; put a separator between them");
    }
  }
  return format;
}

std::optional<Date> DateFormat::Read(std::string_view text) const {
  text = ascii::Trim(text);
  int year = -1, month = -1, day = -1;
  size_t i = 0;
  // Reads exactly `n` digits, or 1-2 when n is 0.
  auto number = [&](size_t n, int& out) -> bool {
    size_t width = 0;
    int value = 0;
    const size_t max = n == 0 ? 2 : n;
    while (width < max && i + width < text.size() && ascii::IsDigit(text[i + width])) {
      value = value * 10 + (text[i + width] - '0');
      ++width;
    }
    if (width == 0 || (n != 0 && width != n)) return false;
    i += width;
    out = value;
    return true;
  };
  for (const Part& part : parts_) {
    int value = 0;
    switch (part.kind) {
      case Kind::kLiteral:
        if (i >= text.size() || text[i] != part.literal) return std::nullopt;
        ++i;
        continue;
      case Kind::kYear4:
        if (!number(4, year)) return std::nullopt;
        continue;
      case Kind::kYear2:
        if (!number(2, value)) return std::nullopt;
        year = value < 80 ? 2000 + value : 1900 + value;
        continue;
      case Kind::kMonth2:
        if (!number(2, month)) return std::nullopt;
        continue;
      case Kind::kMonth:
        if (!number(0, month)) return std::nullopt;
        continue;
      case Kind::kDay2:
        if (!number(2, day)) return std::nullopt;
        continue;
      case Kind::kDay:
        if (!number(0, day)) return std::nullopt;
        continue;
      case Kind::kHour:
        if (!number(2, value) || value > 23) return std::nullopt;
        continue;
      case Kind::kMinute:
      case Kind::kSecond:
        if (!number(2, value) || value > 59) return std::nullopt;
        continue;
    }
  }
  if (i != text.size()) return std::nullopt;
  auto date = Date::FromYmd(year, month, day);
  if (!date) return std::nullopt;
  return *date;
}

std::string DateFormat::Shape() const {
  std::string shape;
  for (const Part& p : parts_) {
    switch (p.kind) {
      case Kind::kLiteral:
        shape += p.literal;
        break;
      case Kind::kYear4:
        shape += "Y4";
        break;
      case Kind::kYear2:
        shape += "Y2";
        break;
      case Kind::kHour:
        shape += "h";
        break;
      case Kind::kMinute:
        shape += "m";
        break;
      case Kind::kSecond:
        shape += "s";
        break;
      default:
        shape += "N";
        break;  // a day or a month: what a reader cannot tell apart
    }
  }
  return shape;
}

bool DateFormat::DayBeforeMonth() const {
  for (const Part& p : parts_) {
    if (p.kind == Kind::kDay || p.kind == Kind::kDay2) return true;
    if (p.kind == Kind::kMonth || p.kind == Kind::kMonth2) return false;
  }
  return false;
}

bool DateFormat::ConflictsWith(const DateFormat& other) const {
  return Shape() == other.Shape() && DayBeforeMonth() != other.DayBeforeMonth();
}

}  // namespace recon::csv
