// Automatic mode's view of one column: what its header says and what its cells hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/synonyms.hpp"

namespace recon::csv {

// A date format stays a candidate for a column only if it read one of the column's first
// this many cells; later cells are tried against the survivors only.
inline constexpr size_t kDateTrialCells = 50;
// Distinct values kept per column for the currency and indicator checks.
inline constexpr size_t kDistinctMax = 8;

// What a field's cells must hold.
enum class FieldKind { kText, kDate, kNumber, kCurrency, kIndicator };
FieldKind KindOf(Field field);

// A header split into its name and a currency code in parentheses: "Bedrag (EUR)".
struct HeaderName {
  std::string folded;    // FoldLoose of the name without the code
  std::string currency;  // "EUR", or empty
};
HeaderName SplitHeader(std::string_view header);

// The first cell of a kind, for messages.
struct Example {
  std::string text;
  size_t line = 0;
  bool set() const { return line != 0; }
  void Keep(std::string_view t, size_t l) {
    if (!set()) text = std::string(t), line = l;
  }
};

// What the cells of one column showed. Only the aspects a column is wanted for are counted.
struct ColumnStats {
  bool wants_date = false, wants_number = false, wants_code = false, wants_indicator = false;
  size_t non_empty = 0;
  // Dates: cells each known format read (index into KnownDateFormats), and which are still tried.
  std::vector<size_t> date_reads;
  std::vector<bool> date_alive;
  Example date_both_orders;  // a cell read both day-first and month-first
  // Numbers.
  size_t numbers = 0, point_only = 0, comma_only = 0, differ = 0;
  Example point_example, comma_example, differ_example;
  bool group_space = false, group_apostrophe = false;
  // Currency codes and indicator values.
  size_t codes = 0;
  std::vector<std::string> distinct;  // at most kDistinctMax + 1 (the extra one marks "more")

  bool wants_any() const { return wants_date || wants_number || wants_code || wants_indicator; }
};

// Counts one non-empty, trimmed cell on file line `line`.
void AddCell(ColumnStats& stats, std::string_view cell, size_t line);

// The known debit/credit pair every value of the column belongs to, if any.
std::optional<IndicatorPair> IndicatorOf(const ColumnStats& stats);

// The date formats (indexes into KnownDateFormats) that read the most cells of the column.
std::vector<size_t> BestDateFormats(const ColumnStats& stats);

}  // namespace recon::csv
