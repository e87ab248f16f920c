// CSV exports, read through a profile or in automatic mode.
//
// Stages (one file each): charset (bytes -> UTF-8) -> reader (records and fields) ->
// profile (JSON -> Profile) or detect (automatic mode builds a Profile) -> layout (header
// and column binding) -> mapper (row -> common line) -> statements (grouping, balances).
#pragma once

#include "recon/parser.hpp"

namespace recon::csv {

class CsvParser final : public Parser {
 public:
  // See Parser::Parse. options.csv_profile_json holds the profile (its name in
  // options.csv_profile); empty runs automatic mode. Errors besides the Parser ones:
  // kInvalidRequest for a profile that fails validation (the location names its field),
  // or a profile named without its text. ParsedFile::format is "csv.<profile>" or "csv.auto".
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the bytes look like a CSV table: among the first lines, at least three in a
// row (or both lines of a two-line file) split into the same number (three or more) of
// fields by one of ',', ';', tab or '|', quotes respected, and one of those rows holds a
// date and a number; never for XML, OFX, MT940 or
// binary data. Conservative: ?format=csv reads a file this does not claim.
bool LooksLikeCsv(std::string_view bytes);

}  // namespace recon::csv
