#include "parsers/mt940/statement_line_field.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#include "parsers/mt940/fields.hpp"
#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

// Half a year: a booking date nearer than this to the value date in the value date's own
// year cannot be nearer in the year before or after.
constexpr int32_t kHalfYearDays = 182;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool IsCalendarDate(int y, int m, int d) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

std::string_view Reference(std::string_view s) {
  s = Trim(s);
  return s == "NONREF" ? std::string_view() : s;
}

}  // namespace

std::optional<Date> InferEntryDate(const Date& value_date, int month, int day) {
  const int year = value_date.year();
  std::optional<Date> best;
  int32_t best_distance = 0;
  for (int y : {year, year - 1, year + 1}) {
    if (!IsCalendarDate(y, month, day)) continue;
    auto date = Date::FromYmd(y, month, day);
    if (!date) continue;
    const int32_t distance = std::abs(date->DaysSince(value_date));
    if (!best || distance < best_distance) {
      best = *date;
      best_distance = distance;
    }
    if (y == year && distance <= kHalfYearDays) break;
  }
  // Only 29 February can be further away than half a year (from a value date in a year with
  // none); a booking more than half a year from its value date is no date a bank writes.
  if (best && best_distance > kHalfYearDays + 1) return std::nullopt;
  return best;
}

Result<StatementLineField> ParseStatementLineField(const Field& field, int exponent, LineDateCache& dates) {
  LineReader lines(field.text);
  std::string_view first;
  lines.Next(first);
  const std::string_view s = TrimRight(first);
  auto fail = [&](size_t at, std::string message) {
    return FieldError(field, ColumnOf(field, s.substr(at < s.size() ? at : s.size())), ":61: " + std::move(message));
  };
  auto found = [&](size_t at, size_t n) {
    if (at >= s.size()) return std::string(", but the line ends there");
    const std::string_view rest = s.substr(at);
    return ", found " + Quote(rest.substr(0, PrefixBytes(rest, n)));
  };

  StatementLineField out;
  if (s.size() < 6 || !ascii::AllDigits(s.substr(0, 6))) {
    return fail(0, "must start with the value date YYMMDD" + found(0, 6));
  }
  const bool same_value_date = std::memcmp(dates.value_text, s.data(), 6) == 0;
  if (same_value_date) {
    out.value_date = dates.value;
  } else {
    auto value_date = ParseSwiftDate(s.substr(0, 6));
    if (!value_date) return fail(0, "value date " + Quote(s.substr(0, 6)) + " " + value_date.error().message);
    out.value_date = *value_date;
    std::memcpy(dates.value_text, s.data(), 6);
    dates.value = *value_date;
    dates.entry.reset();
  }
  size_t p = 6;

  if (p < s.size() && ascii::IsDigit(s[p])) {
    size_t q = p;
    while (q < s.size() && ascii::IsDigit(s[q])) ++q;
    if (q - p != 4) return fail(p, "entry date after the value date must be four digits MMDD, found " + Quote(s.substr(p, q - p)));
    if (same_value_date && dates.entry && std::memcmp(dates.entry_text, s.data() + p, 4) == 0) {
      out.entry_date = dates.entry;
    } else {
      out.entry_date = InferEntryDate(out.value_date, DigitsValue(s.substr(p, 2)), DigitsValue(s.substr(p + 2, 2)));
      if (!out.entry_date) {
      return fail(p, "entry date " + Quote(s.substr(p, 4)) + " (MMDD) is not a calendar date within half a year of the "
                     "value date");
    }
      std::memcpy(dates.entry_text, s.data() + p, 4);
      dates.entry = out.entry_date;
    }
    p = q;
  }

  // RC is the reversal of a credit (money goes out again), RD of a debit (money comes back).
  if (p + 1 < s.size() && s[p] == 'R' && (s[p + 1] == 'C' || s[p + 1] == 'D')) {
    out.reversal = true;
    out.credit = s[p + 1] == 'D';
    p += 2;
  } else if (p < s.size() && (s[p] == 'C' || s[p] == 'D')) {
    out.credit = s[p] == 'C';
    p += 1;
  } else {
    return fail(p, "expected the debit/credit mark C, D, RC or RD after the date" + found(p, 2));
  }

  if (p < s.size() && ascii::IsAlpha(s[p])) out.funds_code = s[p++];

  const size_t amount_at = p;
  while (p < s.size() && (ascii::IsDigit(s[p]) || s[p] == ',' || s[p] == '.')) ++p;
  const std::string_view amount = s.substr(amount_at, p - amount_at);
  if (amount.empty()) return fail(amount_at, "expected the amount after the debit/credit mark" + found(amount_at, 12));
  auto minor = ParseSwiftAmount(amount, exponent);
  if (!minor) return fail(amount_at, "amount " + Quote(amount) + " " + minor.error().message);
  out.amount_minor = *minor;

  // Some banks (Commerzbank, Deutsche Bank) put a space between the amount and the type.
  while (p < s.size() && s[p] == ' ') ++p;
  // 1!a3!c: a letter, then three letters or digits (old ING and Sberbank pad with spaces).
  bool type_ok = s.size() >= p + 4 && ascii::IsAlpha(s[p]);
  for (size_t k = 1; type_ok && k < 4; ++k) type_ok = ascii::IsAlnum(s[p + k]) || s[p + k] == ' ';
  if (!type_ok) {
    return fail(p, "expected the transaction type after the amount: a letter (N, F or S) and three letters or digits, "
                   "like NTRF" + found(p, 4));
  }
  out.type_code = TrimRight(s.substr(p, 4));
  p += 4;

  // The customer reference runs to "//" (at most 16 characters, but banks write longer ones
  // before "//"); the bank reference is the rest of the line. Without "//", what follows the
  // 16 characters is extra text some banks put there (Rabobank: the payer's name).
  const std::string_view rest = s.substr(p);
  const size_t slashes = rest.find("//");
  if (slashes != std::string_view::npos) {
    out.customer_reference = Reference(rest.substr(0, slashes));
    out.bank_reference = Reference(rest.substr(slashes + 2));
  } else {
    const size_t customer_bytes = PrefixBytes(rest, kReferenceCharsMax);
    out.customer_reference = Reference(rest.substr(0, customer_bytes));
    out.extra = Trim(rest.substr(customer_bytes));
  }
  const size_t newline = field.text.find('\n');
  if (newline != std::string_view::npos) out.supplementary = field.text.substr(newline + 1);
  return out;
}

}  // namespace recon::mt940
