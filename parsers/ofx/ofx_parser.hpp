// OFX 1.x (SGML) and 2.x (XML), and QFX.
#pragma once

#include "recon/parser.hpp"

namespace recon::ofx {

class OfxParser final : public Parser {
 public:
  // See Parser::Parse.
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the bytes look like this format (judged from content only).
bool LooksLikeOfx(std::string_view bytes);

}  // namespace recon::ofx
