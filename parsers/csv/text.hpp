// Small text helpers shared by the CSV stages: trimming, header folding, locations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recon::csv {

// True when every field is empty or only whitespace: a blank row, skipped wherever it appears.
bool IsBlankRow(const std::vector<std::string_view>& fields);

// A header name folded for comparison: ASCII and Latin-1 letters lower-cased (in UTF-8),
// every whitespace removed. "Bedrag (EUR)" and "bedrag(eur)" fold alike. Profiles compare
// header names this way ("case- and space-insensitive").
std::string FoldHeader(std::string_view s);

// FoldHeader, and also drops ASCII punctuation: "Af Bij", "af/bij" and "AF-BIJ" become
// "afbij". Automatic mode compares headers with its synonym tables this way.
std::string FoldLoose(std::string_view s);

// `s` with every space removed: account numbers are compared and stored without the
// grouping spaces some exports print ("DE12 3456 ..." -> "DE123456...").
std::string WithoutSpaces(std::string_view s);

// `s` with every byte that is not part of valid UTF-8 replaced by '?': for messages that
// quote text which never went through the charset stage (a library's error text).
std::string SanitizeUtf8(std::string_view s);

// `s` cut to at most `max_bytes` for quoting in a message, with "..." when cut.
std::string Excerpt(std::string_view s, size_t max_bytes = 60);

// Excerpt(s) in single quotes, as messages quote a cell: "'1.234,5x'".
std::string Quoted(std::string_view s);

// Where a cell is: "line 7, column 5 'Betrag'" (the header name when known) or "line 7, column 5".
// `column_index` is 0-based; the text shows it 1-based, as a spreadsheet user counts.
std::string CellLocation(size_t line, size_t column_index, std::string_view header_name);

// "line 7".
std::string LineLocation(size_t line);

}  // namespace recon::csv
