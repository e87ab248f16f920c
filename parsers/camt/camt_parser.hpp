// ISO 20022 camt.052 (account report), camt.053 (statement) and camt.054
// (debit/credit notification), every version; the namespace says which.
#pragma once

#include "recon/parser.hpp"

namespace recon::camt {

class CamtParser final : public Parser {
 public:
  // See Parser::Parse. Errors name the XML path of the offending element.
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the bytes look like a camt document (an XML "Document" in a camt namespace).
bool LooksLikeCamt(std::string_view bytes);

}  // namespace recon::camt
