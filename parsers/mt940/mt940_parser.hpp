// SWIFT MT940 and MT942.
#pragma once

#include "recon/parser.hpp"

namespace recon::mt940 {

class Mt940Parser final : public Parser {
 public:
  // See Parser::Parse.
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the bytes look like this format (judged from content only).
bool LooksLikeMt940(std::string_view bytes);

}  // namespace recon::mt940
