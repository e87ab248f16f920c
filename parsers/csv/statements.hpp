// The data rows of a file -> its statements: one per account and currency, in order of
// first appearance, with running balances, skipped rows and notes as warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/profile.hpp"
#include "recon/parser.hpp"

namespace recon::csv {

// Rows at the end of a file that may be skipped as not data (skip_trailing_non_data_rows:
// rows after the last transaction whose booking date cell holds no date); beyond this
// many, the first of them is reported as the error it is.
inline constexpr size_t kTrailingRowsMax = 20;

// Reads every data row of UTF-8 `text` with `profile`. `notes` are added to every
// statement's warnings (automatic mode says what it decided; a guessed encoding).
// Returns the statements (none for a file with a header and no rows), or the first
// error: kMalformedFile located at the line and column, kLimitExceeded beyond
// options.statement_lines_max. No partial result.
Result<ParsedFile> ReadStatements(std::string_view text, const Profile& profile, const ParseOptions& options,
                                  const std::vector<std::string>& notes);

}  // namespace recon::csv
