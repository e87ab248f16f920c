#include "parsers/mt940/fields.hpp"

#include <string>

#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

// The first line of a field, without trailing spaces; fixed-format fields have only one.
std::string_view FirstLine(const Field& field) {
  LineReader lines(field.text);
  std::string_view line;
  lines.Next(line);
  return TrimRight(line);
}

// Balances and totals are one line. A second line means the file is cut or merged wrongly,
// and guessing which line is right would risk a wrong balance.
Status OneLine(const Field& field) {
  LineReader lines(field.text);
  std::string_view line;
  lines.Next(line);
  uint32_t n = field.line;
  while (lines.Next(line)) {
    ++n;
    if (!TrimRight(line).empty()) {
      return MakeError(ErrorCode::kMalformedFile,
                       std::string(TagName(field.tag)) + " continues on the next line with " + Quote(Trim(line)) +
                           "; this field is one line, and that line is neither a tag nor the end of the message ('-')",
                       LineLocation(n));
    }
  }
  return Status::Ok();
}

Error AmountError(const Field& field, std::string_view amount, const Error& why) {
  return FieldError(field, ColumnOf(field, amount),
                    std::string(TagName(field.tag)) + " amount " + Quote(amount) + " " + why.message);
}

}  // namespace

Result<int64_t> ParseSwiftAmount(std::string_view text, int exponent, bool comma_required) {
  if (text.empty()) return MakeError(ErrorCode::kInvalidAmount, "is missing");
  size_t comma = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (ascii::IsDigit(c)) continue;
    if (c == ',' && comma == std::string_view::npos) {
      comma = i;
      continue;
    }
    if (c == '.') return MakeError(ErrorCode::kInvalidAmount, "uses a point; MT940 requires a decimal comma");
    if (c == ',') return MakeError(ErrorCode::kInvalidAmount, "has more than one comma; MT940 amounts have one decimal comma and no grouping");
    if (c == '-' || c == '+') return MakeError(ErrorCode::kInvalidAmount, "has a sign; MT940 gives the sign as the C/D mark, never in the amount");
    const std::string_view rest = text.substr(i);
    return MakeError(ErrorCode::kInvalidAmount,
                     "is not a number: " + Quote(rest.substr(0, PrefixBytes(rest, 1))) + " is neither a digit nor the decimal comma");
  }
  if (comma == std::string_view::npos && comma_required) {
    return MakeError(ErrorCode::kInvalidAmount, "has no decimal comma; MT940 writes amounts like '" + std::string(text) +
                                                    ",00' (the comma is required even without decimals)");
  }
  const std::string_view integer = text.substr(0, comma);
  const std::string_view fraction = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  if (integer.empty()) return MakeError(ErrorCode::kInvalidAmount, "has no digit before the decimal comma");
  // Up to 18 digits fit int64 without a check; only longer amounts pay for one per digit.
  size_t leading_zeros = 0;
  while (leading_zeros + 1 < integer.size() && integer[leading_zeros] == '0') ++leading_zeros;
  const std::string_view significant = integer.substr(leading_zeros);
  int64_t minor = 0;
  auto fraction_digit = [&](int i) { return i < static_cast<int>(fraction.size()) ? fraction[i] - '0' : 0; };
  if (significant.size() + static_cast<size_t>(exponent) <= 18) {
    for (char c : significant) minor = minor * 10 + (c - '0');
    for (int i = 0; i < exponent; ++i) minor = minor * 10 + fraction_digit(i);
  } else {
    bool fits = true;
    auto push = [&](int digit) {
      fits = fits && !__builtin_mul_overflow(minor, 10, &minor) && !__builtin_add_overflow(minor, digit, &minor);
    };
    for (char c : significant) push(c - '0');
    for (int i = 0; i < exponent; ++i) push(fraction_digit(i));
    if (!fits) return MakeError(ErrorCode::kAmountOverflow, "is too large for recond to hold exactly");
  }
  for (size_t i = static_cast<size_t>(exponent); i < fraction.size(); ++i) {
    if (fraction[i] != '0') {
      return MakeError(ErrorCode::kInvalidAmount, "has more decimals than the currency's " + std::to_string(exponent));
    }
  }
  return minor;
}

Result<Date> ParseSwiftDate(std::string_view text) {
  if (text.size() != 6 || !ascii::AllDigits(text))
    return MakeError(ErrorCode::kInvalidDate, "is not a date of the form YYMMDD");
  const int yy = DigitsValue(text.substr(0, 2));
  auto date = Date::FromYmd(yy < 80 ? 2000 + yy : 1900 + yy, DigitsValue(text.substr(2, 2)), DigitsValue(text.substr(4, 2)));
  if (!date) return MakeError(ErrorCode::kInvalidDate, "is not a calendar date");
  return *date;
}

Result<Currency> ParseSwiftCurrency(std::string_view code) {
  if (code.size() != 3 || !ascii::IsUpper(code[0]) || !ascii::IsUpper(code[1]) || !ascii::IsUpper(code[2])) {
    return MakeError(ErrorCode::kUnknownCurrency, "is not a three-letter currency code");
  }
  auto currency = Currency::FromCode(code);
  if (!currency) return MakeError(ErrorCode::kUnknownCurrency, "is not a current ISO 4217 currency");
  return *currency;
}

Error FieldError(const Field& field, size_t column, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), LineLocation(field.line, column));
}

size_t ColumnOf(const Field& field, std::string_view inside) {
  const size_t offset = static_cast<size_t>(inside.data() - field.text.data());
  return field.prefix + CountChars(field.text.substr(0, offset)) + 1;
}

Result<Balance> ParseBalance(const Field& field) {
  const std::string_view name = TagName(field.tag);
  const std::string_view s = FirstLine(field);
  if (s.empty() || (s[0] != 'C' && s[0] != 'D')) {
    return FieldError(field, ColumnOf(field, s),
                      std::string(name) + " must start with C (credit) or D (debit), found " + Quote(s.substr(0, 1)));
  }
  Balance balance;
  const std::string_view date_text = s.substr(1, 6);
  auto date = ParseSwiftDate(date_text);
  if (!date) {
    return FieldError(field, ColumnOf(field, date_text),
                      std::string(name) + " date " + Quote(date_text) + " " + date.error().message);
  }
  balance.date = *date;
  const std::string_view code = s.size() > 7 ? s.substr(7, 3) : std::string_view();
  auto currency = ParseSwiftCurrency(code);
  if (!currency) {
    return FieldError(field, ColumnOf(field, code.empty() ? s.substr(s.size()) : code),
                      std::string(name) + " currency " + Quote(code) + " after the date " + currency.error().message);
  }
  balance.currency = *currency;
  const std::string_view amount = s.size() > 10 ? s.substr(10) : s.substr(s.size());
  auto minor = ParseSwiftAmount(amount, currency->exponent());
  if (!minor) return AmountError(field, amount, minor.error());
  balance.minor = s[0] == 'D' ? -*minor : *minor;
  if (Status st = OneLine(field); !st) return st.error();
  return balance;
}

Result<Currency> ParseFloorLimit(const Field& field) {
  const std::string_view s = FirstLine(field);
  const std::string_view code = s.substr(0, 3);
  auto currency = ParseSwiftCurrency(code);
  if (!currency) {
    return FieldError(field, ColumnOf(field, code), ":34F: currency " + Quote(code) + " " + currency.error().message);
  }
  std::string_view amount = s.substr(code.size());
  if (!amount.empty() && (amount[0] == 'C' || amount[0] == 'D')) amount.remove_prefix(1);
  // mBank writes "PLN0": a floor limit is a threshold, not booked money, so the comma is not insisted on.
  auto minor = ParseSwiftAmount(amount, currency->exponent(), /*comma_required=*/false);
  if (!minor) return AmountError(field, amount, minor.error());
  if (Status st = OneLine(field); !st) return st.error();
  return *currency;
}

Result<EntryTotals> ParseEntryTotals(const Field& field) {
  const std::string_view name = TagName(field.tag);
  const std::string_view s = FirstLine(field);
  size_t digits = 0;
  while (digits < s.size() && ascii::IsDigit(s[digits])) ++digits;
  // The count is at most five digits (5n); more would also overflow nothing but means garbage.
  if (digits == 0 || digits > 5) {
    return FieldError(field, ColumnOf(field, s), std::string(name) + " must start with the number of entries (1 to 5 digits), found " + Quote(s));
  }
  EntryTotals totals;
  totals.count = DigitsValue(s.substr(0, digits));
  const std::string_view code = s.substr(digits, 3);
  auto currency = ParseSwiftCurrency(code);
  if (!currency) {
    return FieldError(field, ColumnOf(field, code), std::string(name) + " currency " + Quote(code) + " " + currency.error().message);
  }
  totals.currency = *currency;
  const std::string_view amount = s.substr(digits + code.size());
  auto minor = ParseSwiftAmount(amount, currency->exponent());
  if (!minor) return AmountError(field, amount, minor.error());
  totals.minor = *minor;
  if (Status st = OneLine(field); !st) return st.error();
  return totals;
}

Result<Date> ParseReportTime(const Field& field) {
  const std::string_view s = FirstLine(field);
  const bool plain = s.size() == 10 && ascii::AllDigits(s);
  const bool zoned = s.size() == 15 && ascii::AllDigits(s.substr(0, 10)) && (s[10] == '+' || s[10] == '-') &&
                     ascii::AllDigits(s.substr(11));
  if (!plain && !zoned) {
    return FieldError(field, ColumnOf(field, s), std::string(TagName(field.tag)) + " " + Quote(s) +
                                                     " is not a date and time of the form YYMMDDhhmm+hhmm");
  }
  const std::string_view date_text = s.substr(0, 6);
  auto date = ParseSwiftDate(date_text);
  if (!date) {
    return FieldError(field, ColumnOf(field, date_text),
                      std::string(TagName(field.tag)) + " date " + Quote(date_text) + " " + date.error().message);
  }
  if (DigitsValue(s.substr(6, 2)) > 23 || DigitsValue(s.substr(8, 2)) > 59) {
    return FieldError(field, ColumnOf(field, s.substr(6)), std::string(TagName(field.tag)) + " time " + Quote(s.substr(6, 4)) + " is not a time of day hhmm");
  }
  if (Status st = OneLine(field); !st) return st.error();
  return *date;
}

}  // namespace recon::mt940
