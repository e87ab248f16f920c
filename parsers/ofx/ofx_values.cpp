#include "parsers/ofx/ofx_values.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "parsers/ofx/ofx_text.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {
namespace {

constexpr int kZoneHoursMax = 14;  // UTC+14 (Kiribati) is the furthest zone in use
constexpr size_t kZoneNameBytesMax = 16;

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

Error DateError(std::string_view text, const std::string& why) {
  return MakeError(ErrorCode::kInvalidDate, Quoted(text) + " is not an OFX date (YYYYMMDD, optionally HHMMSS.XXX "
                                                              "and a zone like [-5:EST]): " + why);
}

// Checks "[-5:EST]" and its variants; `zone` is the text between the brackets.
bool ValidZone(std::string_view zone) {
  std::string_view offset = zone;
  std::string_view name;
  const size_t colon = zone.find(':');
  if (colon != std::string_view::npos) {
    offset = zone.substr(0, colon);
    name = zone.substr(colon + 1);
  }
  if (!offset.empty() && (offset[0] == '+' || offset[0] == '-')) offset.remove_prefix(1);
  std::string_view fraction;
  if (const size_t point = offset.find('.'); point != std::string_view::npos) {
    fraction = offset.substr(point + 1);
    offset = offset.substr(0, point);
    if (!ascii::AllDigits(fraction) || fraction.size() > 2) return false;
  }
  if (!ascii::AllDigits(offset) || offset.size() > 2 || ToInt(offset) > kZoneHoursMax) return false;
  // The part after ':' is a zone name ("EST"), or the minutes of the offset ("[+5:30]").
  if (name.size() > kZoneNameBytesMax) return false;
  for (char c : name) {
    if (!IsNameChar(c) && c != '/' && c != '+') return false;
  }
  return true;
}

bool ValidTime(std::string_view t) {
  // HHMM, HHMMSS or HHMMSS.XXX; a 60th second is allowed for leap seconds.
  if (t.empty()) return true;
  if (t.size() != 4 && t.size() < 6) return false;
  const std::string_view hhmmss = t.substr(0, t.size() == 4 ? 4 : 6);
  if (!ascii::AllDigits(hhmmss)) return false;
  if (ToInt(hhmmss.substr(0, 2)) > 23 || ToInt(hhmmss.substr(2, 2)) > 59) return false;
  if (hhmmss.size() == 6 && ToInt(hhmmss.substr(4, 2)) > 60) return false;
  if (t.size() > 6) {
    if (t[6] != '.') return false;
    const std::string_view millis = t.substr(7);
    if (!ascii::AllDigits(millis) || millis.size() > 3) return false;
  }
  return true;
}

// The common shape "[+-]digits[.digits]" with at most the currency's decimals, read without
// the core parser's general tokenizer; nullopt for anything else, which goes the general way.
std::optional<int64_t> SimpleAmount(std::string_view s, int exponent, char decimal) {
  constexpr size_t kIntegerDigitsMax = 15;  // with up to 3 decimals, far inside int64
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const size_t separator = s.find(decimal);
  const std::string_view integer = s.substr(0, separator);
  const std::string_view fraction =
      separator == std::string_view::npos ? std::string_view() : s.substr(separator + 1);
  if (!ascii::AllDigits(integer) || integer.size() > kIntegerDigitsMax) return std::nullopt;
  if (separator != std::string_view::npos &&
      (!ascii::AllDigits(fraction) || fraction.size() > static_cast<size_t>(exponent))) {
    return std::nullopt;
  }
  int64_t value = 0;
  for (char c : integer) value = value * 10 + (c - '0');
  for (int i = 0; i < exponent; ++i) {
    value = value * 10 + (static_cast<size_t>(i) < fraction.size() ? fraction[i] - '0' : 0);
  }
  return negative ? -value : value;
}

}  // namespace

Result<Date> ParseOfxDate(std::string_view text) {
  std::string_view s = ascii::Trim(text);
  if (s.empty()) return MakeError(ErrorCode::kInvalidDate, "the date is empty");
  if (const size_t bracket = s.find('['); bracket != std::string_view::npos) {
    if (s.back() != ']') return DateError(text, "the time zone is not closed by ']'");
    if (!ValidZone(s.substr(bracket + 1, s.size() - bracket - 2))) {
      return DateError(text, "the time zone is not like [-5:EST]");
    }
    s = ascii::Trim(s.substr(0, bracket));
  }
  if (s.size() < 8 || !ascii::AllDigits(s.substr(0, 8))) return DateError(text, "it does not start with YYYYMMDD");
  if (!ValidTime(s.substr(8))) return DateError(text, "the time after the date is not HHMMSS or HHMMSS.XXX");
  auto date = Date::FromYmd(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)));
  if (!date) return DateError(text, date.error().message);
  return date;
}

Result<int64_t> ParseOfxAmount(std::string_view text, const Currency& currency) {
  const std::string_view s = ascii::Trim(text);
  if (s.empty()) return MakeError(ErrorCode::kInvalidAmount, "the amount is empty");
  // Foreign characters are named here, whole: the core parser would quote a single byte
  // of a multi-byte UTF-8 letter and so put invalid UTF-8 into the message.
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (ascii::IsDigit(c) || c == '.' || c == ',' || c == '+' || c == '-' || c == ' ') continue;
    size_t end = i + 1;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    return MakeError(ErrorCode::kInvalidAmount, Quoted(text) + " contains " + Quoted(s.substr(i, end - i)) +
                                                    ", which does not belong in an amount");
  }
  const size_t points = static_cast<size_t>(std::count(s.begin(), s.end(), '.'));
  const size_t commas = static_cast<size_t>(std::count(s.begin(), s.end(), ','));
  DecimalSeparator separator = DecimalSeparator::kPoint;
  if (commas > 0 && points > 0) {
    separator = s.rfind(',') > s.rfind('.') ? DecimalSeparator::kComma : DecimalSeparator::kPoint;
  } else if (commas == 1) {
    const size_t digits_after = s.size() - s.find(',') - 1;
    const bool trailing_sign = s.back() == '-';
    if (digits_after - (trailing_sign ? 1 : 0) > static_cast<size_t>(currency.exponent())) {
      return MakeError(ErrorCode::kInvalidAmount,
                       Quoted(text) + " has a comma with more digits after it than " + std::string(currency.code()) +
                           " has decimals; OFX amounts use a decimal point and no thousands separators");
    }
    separator = DecimalSeparator::kComma;
  } else if (commas > 1) {
    return MakeError(ErrorCode::kInvalidAmount,
                     Quoted(text) + " has several commas; OFX amounts use a decimal point and no thousands separators");
  }
  if (const auto simple =
          SimpleAmount(s, currency.exponent(), separator == DecimalSeparator::kComma ? ',' : '.')) {
    return *simple;
  }
  return ParseMinorUnits(s, currency.exponent(), separator);
}

}  // namespace recon::ofx
