#include "parsers/csv/sniff.hpp"

#include <algorithm>
#include <map>

#include "parsers/csv/number.hpp"
#include "parsers/csv/reader.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

constexpr char kCandidates[] = {',', ';', '\t', '|'};

std::string DelimiterName(char d) {
  return d == '\t' ? "tab" : std::string("'") + d + "'";
}

std::vector<KnownDateFormat> BuildKnownFormats() {
  using Order = KnownDateFormat::Order;
  const std::pair<std::string_view, Order> bases[] = {
      {"YYYY-MM-DD", Order::kNone},     {"YYYY/MM/DD", Order::kNone},     {"YYYY.MM.DD", Order::kNone},
      {"D.M.YYYY", Order::kNone},       {"D.M.YY", Order::kNone},         {"D/M/YYYY", Order::kDayFirst},
      {"M/D/YYYY", Order::kMonthFirst}, {"D/M/YY", Order::kDayFirst},     {"M/D/YY", Order::kMonthFirst},
      {"D-M-YYYY", Order::kDayFirst},   {"M-D-YYYY", Order::kMonthFirst}, {"D-M-YY", Order::kDayFirst},
      {"M-D-YY", Order::kMonthFirst},
  };
  // Dotted dates are day first: no convention writes the month first with dots.
  const std::string_view times[] = {"", " HH:mm:ss", " HH:mm", "THH:mm:ss"};
  std::vector<KnownDateFormat> out;
  for (std::string_view time : times) {
    for (const auto& [base, order] : bases) {
      auto format = DateFormat::Compile(std::string(base) + std::string(time));
      out.push_back({std::move(*format), order, false});
    }
  }
  out.push_back({*DateFormat::Compile("YYYYMMDD"), Order::kNone, true});
  return out;
}

bool PlausibleCompactDate(std::string_view cell) {
  if (cell.size() != 8 || !ascii::AllDigits(cell)) return false;
  const int year = (cell[0] - '0') * 1000 + (cell[1] - '0') * 100 + (cell[2] - '0') * 10 + (cell[3] - '0');
  return year >= 1970 && year <= 2099 && KnownDateFormats().back().format.Read(cell).has_value();
}

struct Candidate {
  char delimiter;
  std::vector<size_t> counts;  // fields per record; 0 for a blank record
  std::optional<Error> error;
  size_t modal = 0;  // the count of three or more fields with the best score
  size_t hits = 0;   // records with that count
  size_t score() const { return hits == 0 ? 0 : hits * (modal - 1); }
};

Candidate Survey(std::string_view text, char delimiter) {
  Candidate c{delimiter, {}, std::nullopt, 0, 0};
  Reader reader(text, Dialect{delimiter, '"'});
  Row row;
  while (c.counts.size() < kDetectionRowsMax) {
    auto more = reader.Next(row);
    if (!more) {
      c.error = more.take_error();
      break;
    }
    if (!*more) break;
    c.counts.push_back(IsBlankRow(row.fields) ? 0 : row.fields.size());
  }
  std::map<size_t, size_t> frequency;
  for (size_t n : c.counts) {
    if (n >= kTableFieldsMin) ++frequency[n];
  }
  // Rows with more fields weigh more: a preamble of "key;value" rows must not outvote a
  // shorter table of wide rows below it.
  for (const auto& [count, hits] : frequency) {
    if (hits * (count - 1) > c.score()) c.modal = count, c.hits = hits;
  }
  return c;
}

size_t TrimmedCount(const std::vector<std::string>& cells) {
  size_t n = cells.size();
  while (n > 0 && ascii::Trim(cells[n - 1]).empty()) --n;
  return n;
}

bool HeaderLike(const std::vector<std::string>& cells, size_t width) {
  const size_t n = TrimmedCount(cells);
  if (n < 2 || n > width) return false;
  size_t named = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view cell = ascii::Trim(cells[i]);
    if (cell.empty()) continue;
    if (LooksLikeDate(cell) || ReadNumber(cell).number()) return false;
    ++named;
  }
  return named >= 2 && named * 2 >= width;
}

bool DataLike(const std::vector<std::string>& cells, size_t width) {
  const size_t n = TrimmedCount(cells);
  if (n < 2 || n > width) return false;
  return RowHasDateAndNumber(std::vector<std::string_view>(cells.begin(), cells.begin() + static_cast<ptrdiff_t>(n)));
}

}  // namespace

std::span<const KnownDateFormat> KnownDateFormats() {
  static const std::vector<KnownDateFormat> formats = BuildKnownFormats();
  return formats;
}

NumberReading ReadNumber(std::string_view cell) {
  NumberReading r;
  cell = ascii::Trim(cell);
  if (cell.empty() || cell.size() > 40) return r;
  Amount point{}, comma{};
  Amount a;
  // Four fraction digits: enough to judge the form; the currency's own exponent comes later.
  for (char thousands : {',', ' ', '\''}) {
    if (ParseAmount(cell, NumberStyle{'.', thousands}, 4, a) == AmountProblem::kNone) {
      r.point = true;
      point = a;
      break;
    }
  }
  for (char thousands : {'.', ' ', '\''}) {
    if (ParseAmount(cell, NumberStyle{',', thousands}, 4, a) == AmountProblem::kNone) {
      r.comma = true;
      comma = a;
      break;
    }
  }
  r.differ = r.point && r.comma && point.minor != comma.minor;
  if (r.number()) {
    if (cell.find('\'') != std::string_view::npos || cell.find("\xE2\x80\x99") != std::string_view::npos) {
      r.grouping = '\'';
    } else if (cell.find(' ') != std::string_view::npos || cell.find("\xC2\xA0") != std::string_view::npos ||
               cell.find("\xE2\x80\xAF") != std::string_view::npos) {
      r.grouping = ' ';
    }
  }
  return r;
}

bool LooksLikeDate(std::string_view cell) {
  cell = ascii::Trim(cell);
  if (cell.size() < 6 || cell.size() > 30 || cell[0] < '0' || cell[0] > '9') return false;
  if (PlausibleCompactDate(cell)) return true;
  for (const KnownDateFormat& f : KnownDateFormats()) {
    if (!f.compact && f.format.Read(cell)) return true;
  }
  return false;
}

bool RowHasDateAndNumber(const std::vector<std::string_view>& cells) {
  bool date = false, number = false;
  for (std::string_view raw : cells) {
    const std::string_view cell = ascii::Trim(raw);
    if (cell.empty()) continue;
    if (LooksLikeDate(cell)) {
      date = true;
    } else if (ReadNumber(cell).number()) {
      number = true;
    }
  }
  return date && number;
}

Result<Structure> SniffStructure(std::string_view text) {
  std::vector<Candidate> candidates;
  for (char d : kCandidates) candidates.push_back(Survey(text, d));
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score() > b.score(); });
  const Candidate& best = candidates[0];
  if (best.hits == 0) {
    if (best.error) return *best.error;
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "automatic mode found no delimiter (',', ';', tab or '|') that splits the lines into three or "
                     "more fields alike; this does not look like a CSV table",
                     "line 1");
  }
  if (candidates[1].hits > 0 && candidates[1].score() == best.score()) {
    return MakeError(ErrorCode::kMalformedFile,
                     "automatic mode could not decide the delimiter: " + DelimiterName(best.delimiter) + " and " +
                         DelimiterName(candidates[1].delimiter) + " both split the first rows consistently (" +
                         std::to_string(best.hits) + " rows of " + std::to_string(best.modal) + " fields, " +
                         std::to_string(candidates[1].hits) + " rows of " + std::to_string(candidates[1].modal) +
                         "); name a CSV profile",
                     "line 1");
  }
  if (best.error) return *best.error;

  // Read the sample again with its cells to find the header.
  Reader reader(text, Dialect{best.delimiter, '"'});
  Row row;
  std::vector<std::pair<size_t, std::vector<std::string>>> rows;  // (line, cells) of non-blank records
  std::vector<size_t> record_index;
  bool at_end = false;
  for (size_t record = 0; record < kDetectionRowsMax; ++record) {
    auto more = reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) {
      at_end = true;
      break;
    }
    if (IsBlankRow(row.fields)) continue;
    rows.emplace_back(row.line, std::vector<std::string>(row.fields.begin(), row.fields.end()));
    record_index.push_back(record);
  }
  if (!at_end) {
    auto more = reader.Next(row);
    at_end = more.ok() && !*more;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!HeaderLike(rows[i].second, best.modal)) continue;
    const bool last = i + 1 == rows.size();
    // A header with no rows below it (an export of an empty period) must end the file and
    // be a row of the table's width itself.
    if (last ? !(at_end && rows[i].second.size() == best.modal) : !DataLike(rows[i + 1].second, best.modal)) {
      continue;
    }
    Structure s;
    s.delimiter = best.delimiter;
    s.skip_rows = record_index[i];
    s.header_line = rows[i].first;
    s.width = best.modal;
    s.has_data = !last;
    return s;
  }
  return MakeError(ErrorCode::kUnsupportedFormat,
                   "automatic mode found no header row (a row of column names followed by a row with a date and an "
                   "amount) in the first " +
                       std::to_string(kDetectionRowsMax) +
                       " rows; a file without a header needs a CSV profile that gives the columns by position",
                   "line 1");
}

}  // namespace recon::csv
