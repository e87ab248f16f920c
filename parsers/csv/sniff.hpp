// What automatic mode and format detection see in raw cells and lines: which cells are
// dates or numbers, which delimiter splits the lines consistently, where the header is.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/date_format.hpp"
#include "recon/error.hpp"

namespace recon::csv {

// Records automatic mode reads to find the delimiter and the header.
inline constexpr size_t kDetectionRowsMax = 200;
// Bytes and lines LooksLikeCsv reads from the start of a file.
inline constexpr size_t kSniffBytesMax = 64 * 1024;
inline constexpr size_t kSniffLinesMax = 40;
// A table automatic mode or LooksLikeCsv accepts has at least this many fields per row:
// a date, an amount and one more (a currency, a text). Two-column files need a profile.
inline constexpr size_t kTableFieldsMin = 3;

// One date pattern automatic mode knows. Patterns that read the same text differently
// ("D/M/YYYY" and "M/D/YYYY") carry an order; the others carry kNone.
struct KnownDateFormat {
  enum class Order { kNone, kDayFirst, kMonthFirst };
  DateFormat format;
  Order order;
  bool compact;  // "YYYYMMDD": a date only where the header says so, else it is just a number
};
std::span<const KnownDateFormat> KnownDateFormats();

// A cell as a number, under each decimal convention.
struct NumberReading {
  bool point = false;    // reads with '.' as decimal separator
  bool comma = false;    // reads with ',' as decimal separator
  bool differ = false;   // both read, to different values ("1.234"): ambiguous alone
  char grouping = '\0';  // ' ' or '\'' when the cell groups thousands so
  bool number() const { return point || comma; }
};
NumberReading ReadNumber(std::string_view cell);

// True when a known (non-compact) date pattern, or a compact YYYYMMDD from 1970 to 2099,
// reads the cell.
bool LooksLikeDate(std::string_view cell);

// True when one cell is a date (LooksLikeDate) and another a number: what a row of a
// statement table holds.
bool RowHasDateAndNumber(const std::vector<std::string_view>& cells);

// The structure of a file: delimiter and header.
struct Structure {
  char delimiter = ',';
  size_t skip_rows = 0;    // records before the header, blank ones included
  size_t header_line = 0;  // 1-based
  size_t width = 0;        // fields of a data row
  bool has_data = false;   // at least one row follows the header
};

// Finds the delimiter (',', ';', tab or '|': the one that splits the most of the first
// kDetectionRowsMax records into the same number of fields, kTableFieldsMin or more, rows
// weighted by their fields) and the header
// (the first row of names, none of them a date or a number, followed by a row with a
// date and a number). Errors say what could not be decided: kUnsupportedFormat when no
// delimiter splits the lines consistently or no header row is found; kMalformedFile when
// two delimiters fit equally well, or for a broken quote in the rows that decided.
Result<Structure> SniffStructure(std::string_view text);

}  // namespace recon::csv
