// OFX 1.x (SGML) and 2.x (XML), and QFX (OFX with Intuit's INTU.* extensions, which are
// ignored): bank statements (BANKMSGSRSV1/STMTTRNRS/STMTRS) and credit-card statements
// (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS). Mapping choices: docs/parsers/ofx.md.
#pragma once

#include "recon/parser.hpp"

namespace recon::ofx {

class OfxParser final : public Parser {
 public:
  // See Parser::Parse. One Statement per STMTRS/CCSTMTRS, in file order; format is
  // "ofx.<VERSION>" ("ofx.102", "ofx.211") or "ofx" when the header names no version.
  // Errors: kUnsupportedFormat (no <OFX> element; UTF-16; an investment statement, profile,
  // account list or sign-on without a statement), kMalformedFile with "line N, column C"
  // (or "line N" in the header) and what was expected, kLimitExceeded (file_bytes_max,
  // xml_depth_max, xml_elements_max, statement_lines_max).
  Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const override;
};

// True when the first kilobyte holds "OFXHEADER:", "<?OFX" or "<OFX>" (without regard to
// case). camt and MT940 files contain none of these.
bool LooksLikeOfx(std::string_view bytes);

}  // namespace recon::ofx
