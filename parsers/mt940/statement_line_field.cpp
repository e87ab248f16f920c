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

// The first line of a :61:, read left to right: `at` is where the next subfield starts.
struct LineText {
  const Field& field;
  std::string_view s;  // without trailing blanks
  size_t at = 0;

  // ":61: <message>", located at the column of s[at_byte] (or the end of the line).
  Error Fail(size_t at_byte, std::string message) const {
    return FieldError(field, ColumnOf(field, s.substr(at_byte < s.size() ? at_byte : s.size())),
                      ":61: " + std::move(message));
  }

  // What stands at `at_byte` instead of the subfield (up to `n` characters), for messages.
  std::string Found(size_t at_byte, size_t n) const {
    if (at_byte >= s.size()) return std::string(", but the line ends there");
    const std::string_view rest = s.substr(at_byte);
    return ", found " + Quote(rest.substr(0, PrefixBytes(rest, n)));
  }
};

// YYMMDD. Read once for a run of lines with the same value date; a new one clears the
// cached entry date, which was read beside the old one.
Status ReadValueDate(LineText& line, LineDateCache& dates, StatementLineField& out) {
  const std::string_view s = line.s;
  if (s.size() < 6 || !ascii::AllDigits(s.substr(0, 6))) {
    return line.Fail(0, "must start with the value date YYMMDD" + line.Found(0, 6));
  }
  if (std::memcmp(dates.value_text, s.data(), 6) == 0) {
    out.value_date = dates.value;
  } else {
    auto value_date = ParseSwiftDate(s.substr(0, 6));
    if (!value_date) return line.Fail(0, "value date " + Quote(s.substr(0, 6)) + " " + value_date.error().message);
    out.value_date = *value_date;
    std::memcpy(dates.value_text, s.data(), 6);
    dates.value = *value_date;
    dates.entry.reset();
  }
  line.at = 6;
  return Status::Ok();
}

// The optional entry (booking) date MMDD, its year taken from the value date. A cached
// entry date belongs to the cached value date (ReadValueDate clears it with a new one).
Status ReadEntryDate(LineText& line, LineDateCache& dates, StatementLineField& out) {
  const std::string_view s = line.s;
  const size_t p = line.at;
  if (p >= s.size() || !ascii::IsDigit(s[p])) return Status::Ok();
  size_t q = p;
  while (q < s.size() && ascii::IsDigit(s[q])) ++q;
  if (q - p != 4) {
    return line.Fail(p, "entry date after the value date must be four digits MMDD, found " + Quote(s.substr(p, q - p)));
  }
  if (dates.entry && std::memcmp(dates.entry_text, s.data() + p, 4) == 0) {
    out.entry_date = dates.entry;
  } else {
    out.entry_date = InferEntryDate(out.value_date, DigitsValue(s.substr(p, 2)), DigitsValue(s.substr(p + 2, 2)));
    if (!out.entry_date) {
      return line.Fail(p, "entry date " + Quote(s.substr(p, 4)) +
                              " (MMDD) is not a calendar date within half a year of the value date");
    }
    std::memcpy(dates.entry_text, s.data() + p, 4);
    dates.entry = out.entry_date;
  }
  line.at = q;
  return Status::Ok();
}

// The debit/credit mark, then the optional funds code (the third letter of the currency).
// RC is the reversal of a credit (money goes out again), RD of a debit (money comes back).
Status ReadMark(LineText& line, StatementLineField& out) {
  const std::string_view s = line.s;
  size_t p = line.at;
  if (p + 1 < s.size() && s[p] == 'R' && (s[p + 1] == 'C' || s[p + 1] == 'D')) {
    out.reversal = true;
    out.credit = s[p + 1] == 'D';
    p += 2;
  } else if (p < s.size() && (s[p] == 'C' || s[p] == 'D')) {
    out.credit = s[p] == 'C';
    p += 1;
  } else {
    return line.Fail(p, "expected the debit/credit mark C, D, RC or RD after the date" + line.Found(p, 2));
  }
  if (p < s.size() && ascii::IsAlpha(s[p])) out.funds_code = s[p++];
  line.at = p;
  return Status::Ok();
}

// The amount without sign, with a decimal comma.
Status ReadAmount(LineText& line, int exponent, StatementLineField& out) {
  const std::string_view s = line.s;
  const size_t amount_at = line.at;
  size_t p = amount_at;
  while (p < s.size() && (ascii::IsDigit(s[p]) || s[p] == ',' || s[p] == '.')) ++p;
  const std::string_view amount = s.substr(amount_at, p - amount_at);
  if (amount.empty()) {
    return line.Fail(amount_at, "expected the amount after the debit/credit mark" + line.Found(amount_at, 12));
  }
  auto minor = ParseSwiftAmount(amount, exponent);
  if (!minor) return line.Fail(amount_at, "amount " + Quote(amount) + " " + minor.error().message);
  out.amount_minor = *minor;
  line.at = p;
  return Status::Ok();
}

// The transaction type, 1!a3!c: a letter, then three letters or digits (old ING and
// Sberbank pad with spaces).
Status ReadType(LineText& line, StatementLineField& out) {
  const std::string_view s = line.s;
  size_t p = line.at;
  // Some banks (Commerzbank, Deutsche Bank) put a space between the amount and the type.
  while (p < s.size() && s[p] == ' ') ++p;
  bool type_ok = s.size() >= p + 4 && ascii::IsAlpha(s[p]);
  for (size_t k = 1; type_ok && k < 4; ++k) type_ok = ascii::IsAlnum(s[p + k]) || s[p + k] == ' ';
  if (!type_ok) {
    return line.Fail(p, "expected the transaction type after the amount: a letter (N, F or S) and three letters or "
                        "digits, like NTRF" + line.Found(p, 4));
  }
  out.type_code = TrimRight(s.substr(p, 4));
  line.at = p + 4;
  return Status::Ok();
}

// The customer reference runs to "//" (at most 16 characters, but banks write longer ones
// before "//"); the bank reference is the rest of the line. Without "//", what follows the
// 16 characters is extra text some banks put there (Rabobank: the payer's name).
void ReadReferences(const LineText& line, StatementLineField& out) {
  const std::string_view rest = line.s.substr(line.at);
  const size_t slashes = rest.find("//");
  if (slashes != std::string_view::npos) {
    out.customer_reference = Reference(rest.substr(0, slashes));
    out.bank_reference = Reference(rest.substr(slashes + 2));
  } else {
    const size_t customer_bytes = PrefixBytes(rest, kReferenceCharsMax);
    out.customer_reference = Reference(rest.substr(0, customer_bytes));
    out.extra = Trim(rest.substr(customer_bytes));
  }
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
  LineText line{field, TrimRight(first)};
  StatementLineField out;
  if (Status s = ReadValueDate(line, dates, out); !s) return s.error();
  if (Status s = ReadEntryDate(line, dates, out); !s) return s.error();
  if (Status s = ReadMark(line, out); !s) return s.error();
  if (Status s = ReadAmount(line, exponent, out); !s) return s.error();
  if (Status s = ReadType(line, out); !s) return s.error();
  ReadReferences(line, out);
  const size_t newline = field.text.find('\n');
  if (newline != std::string_view::npos) out.supplementary = field.text.substr(newline + 1);
  return out;
}

}  // namespace recon::mt940
