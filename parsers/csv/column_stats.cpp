#include "parsers/csv/column_stats.hpp"

#include <algorithm>

#include "parsers/csv/sniff.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"
#include "recon/money.hpp"

namespace recon::csv {

FieldKind KindOf(Field f) {
  switch (f) {
    case Field::kBookingDate:
    case Field::kValueDate:
      return FieldKind::kDate;
    case Field::kAmount:
    case Field::kDebit:
    case Field::kCredit:
    case Field::kBalance:
      return FieldKind::kNumber;
    case Field::kCurrency:
      return FieldKind::kCurrency;
    case Field::kIndicator:
      return FieldKind::kIndicator;
    default:
      return FieldKind::kText;
  }
}

HeaderName SplitHeader(std::string_view header) {
  header = ascii::Trim(header);
  HeaderName out;
  const size_t open = header.rfind('(');
  if (header.size() >= 5 && header.back() == ')' && open != std::string_view::npos && header.size() - open == 5) {
    const std::string code = ascii::Uppercased(header.substr(open + 1, 3));
    if (Currency::FromCode(code)) {
      out.currency = code;
      header = header.substr(0, open);
    }
  }
  out.folded = FoldLoose(header);
  return out;
}

namespace {

void AddDate(ColumnStats& s, std::string_view cell, size_t line) {
  const auto formats = KnownDateFormats();
  if (s.date_reads.empty()) {
    s.date_reads.assign(formats.size(), 0);
    s.date_alive.assign(formats.size(), true);
  }
  bool day_first = false, month_first = false;
  for (size_t f = 0; f < formats.size(); ++f) {
    if (!s.date_alive[f]) continue;
    if (!formats[f].format.Read(cell)) continue;
    ++s.date_reads[f];
    day_first |= formats[f].order == KnownDateFormat::Order::kDayFirst;
    month_first |= formats[f].order == KnownDateFormat::Order::kMonthFirst;
  }
  if (day_first && month_first) s.date_both_orders.Keep(cell, line);
  if (s.non_empty == kDateTrialCells) {
    for (size_t f = 0; f < formats.size(); ++f) s.date_alive[f] = s.date_reads[f] > 0;
  }
}

void AddNumber(ColumnStats& s, std::string_view cell, size_t line) {
  const NumberReading r = ReadNumber(cell);
  if (!r.number()) return;
  ++s.numbers;
  if (r.point && !r.comma) ++s.point_only, s.point_example.Keep(cell, line);
  if (r.comma && !r.point) ++s.comma_only, s.comma_example.Keep(cell, line);
  if (r.differ) ++s.differ, s.differ_example.Keep(cell, line);
  s.group_space |= r.grouping == ' ';
  s.group_apostrophe |= r.grouping == '\'';
}

void AddDistinct(ColumnStats& s, std::string value) {
  if (s.distinct.size() > kDistinctMax) return;
  if (std::find(s.distinct.begin(), s.distinct.end(), value) == s.distinct.end())
    s.distinct.push_back(std::move(value));
}

}  // namespace

void AddCell(ColumnStats& s, std::string_view cell, size_t line) {
  ++s.non_empty;
  if (s.wants_date) AddDate(s, cell, line);
  if (s.wants_number) AddNumber(s, cell, line);
  if (s.wants_code && cell.size() == 3 && Currency::FromCode(ascii::Uppercased(cell))) {
    ++s.codes;
    AddDistinct(s, ascii::Uppercased(cell));
  } else if (s.wants_indicator) {
    AddDistinct(s, FoldHeader(cell));
  }
}

std::optional<IndicatorPair> IndicatorOf(const ColumnStats& s) {
  if (s.distinct.empty() || s.distinct.size() > 2) return std::nullopt;
  for (const IndicatorPair& pair : KnownIndicatorPairs()) {
    const bool fits = std::all_of(s.distinct.begin(), s.distinct.end(),
                                  [&](const std::string& v) { return v == pair.debit || v == pair.credit; });
    if (fits) return pair;
  }
  return std::nullopt;
}

// The best date formats of a column: those that read the most cells.
std::vector<size_t> BestDateFormats(const ColumnStats& s) {
  std::vector<size_t> best;
  size_t most = 0;
  for (size_t f = 0; f < s.date_reads.size(); ++f) {
    if (s.date_reads[f] > most) most = s.date_reads[f], best.clear();
    if (s.date_reads[f] == most && most > 0) best.push_back(f);
  }
  return best;
}

}  // namespace recon::csv
