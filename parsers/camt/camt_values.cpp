#include "parsers/camt/camt_values.hpp"

#include <limits>

#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

Error Bad(std::string message) { return MakeError(ErrorCode::kMalformedFile, std::move(message)); }

}  // namespace

std::optional<std::string> OptionalText(std::string_view text) {
  text = ascii::Trim(text);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

Error At(Error error, std::string where) {
  error.location = std::move(where);
  return error;
}

Result<int64_t> ParseDecimalAmount(std::string_view text, int exponent) {
  // Built only on the error paths: this function runs for every amount in the file.
  auto quoted = [&] { return "'" + std::string(text) + "'"; };
  if (text.empty()) return Bad("the amount is empty");
  if (text.front() == '-' || text.front() == '+') {
    return Bad("the amount " + quoted() + " has a sign; camt amounts are unsigned and CdtDbtInd gives the direction");
  }
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  bool digits_only = !whole.empty() && (point == std::string_view::npos || !fraction.empty());
  for (char c : whole) digits_only = digits_only && ascii::IsDigit(c);
  for (char c : fraction) digits_only = digits_only && ascii::IsDigit(c);
  if (!digits_only) {
    return Bad("the amount " + quoted() + " is not a decimal number; camt writes digits with a point, as in 1234.50");
  }
  int64_t minor = 0;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  auto push = [&](char digit) {
    const int d = digit - '0';
    if (minor > (kMax - d) / 10) return false;
    minor = minor * 10 + d;
    return true;
  };
  bool fits = true;
  for (char c : whole) fits = fits && push(c);
  for (size_t i = 0; i < static_cast<size_t>(exponent); ++i) fits = fits && push(i < fraction.size() ? fraction[i] : '0');
  if (!fits) return MakeError(ErrorCode::kMalformedFile, "the amount " + quoted() + " is too large");
  for (size_t i = static_cast<size_t>(exponent); i < fraction.size(); ++i) {
    if (fraction[i] != '0') {
      return Bad("the amount " + quoted() + " has more decimals than the currency's " + std::to_string(exponent) +
                 "; recond never rounds an amount");
    }
  }
  return minor;
}

Result<Currency> ParseCurrency(std::string_view code) {
  if (code.empty()) return Bad("the amount has no currency (Ccy attribute)");
  auto currency = Currency::FromCode(code);
  if (!currency) return Bad("the currency '" + std::string(code) + "' in the Ccy attribute is not an ISO 4217 code");
  return *currency;
}

Result<int> ParseCreditDebit(std::string_view text) {
  if (text == "CRDT") return 1;
  if (text == "DBIT") return -1;
  if (text.empty()) return Bad("CdtDbtInd is missing; expected CRDT or DBIT");
  return Bad("CdtDbtInd is '" + std::string(text) + "'; expected CRDT or DBIT");
}

Result<bool> ParseBoolean(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Bad("'" + std::string(text) + "' is not a boolean; expected true or false");
}

Result<std::optional<Date>> ParseDateOrDateTime(std::string_view date, std::string_view date_time) {
  if (!date.empty()) {
    auto d = Date::ParseIso(date);
    if (!d) return Bad("the date '" + std::string(date) + "' is not a calendar date (YYYY-MM-DD)");
    return std::optional<Date>(*d);
  }
  if (date_time.empty()) return std::optional<Date>();
  // YYYY-MM-DDThh:mm:ss, then an optional fraction and zone that do not change the date.
  const bool shaped = date_time.size() >= 19 && date_time[10] == 'T' && ascii::IsDigit(date_time[11]) &&
                      ascii::IsDigit(date_time[12]) && date_time[13] == ':' && ascii::IsDigit(date_time[14]) &&
                      ascii::IsDigit(date_time[15]) && date_time[16] == ':' && ascii::IsDigit(date_time[17]) &&
                      ascii::IsDigit(date_time[18]);
  auto d = shaped ? Date::ParseIso(date_time.substr(0, 10)) : Result<Date>(Bad(""));
  if (!d) {
    return Bad("the date-time '" + std::string(date_time) + "' is not YYYY-MM-DDThh:mm:ss with a calendar date");
  }
  return std::optional<Date>(*d);
}

}  // namespace recon::camt
