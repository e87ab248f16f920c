// CSV exports, read through a profile or in automatic mode.
#pragma once

#include "recon/parser.hpp"

namespace recon::csv {

class CsvParser final : public Parser {
 public:
  // See Parser::Parse.
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the bytes look like this format (judged from content only).
bool LooksLikeCsv(std::string_view bytes);

}  // namespace recon::csv
