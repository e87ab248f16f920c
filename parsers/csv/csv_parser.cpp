#include "parsers/csv/csv_parser.hpp"

namespace recon::csv {

// Not yet implemented: the format's issue fills this in.
Result<ParsedFile> CsvParser::Parse(std::string_view, const ParseOptions&) const {
  return MakeError(ErrorCode::kUnsupportedFormat, "csv files are not read yet");
}

bool LooksLikeCsv(std::string_view) { return false; }

}  // namespace recon::csv
