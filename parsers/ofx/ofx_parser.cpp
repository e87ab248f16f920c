#include "parsers/ofx/ofx_parser.hpp"

namespace recon::ofx {

// Not yet implemented: the format's issue fills this in.
Result<ParsedFile> OfxParser::Parse(std::string_view, const ParseOptions&) const {
  return MakeError(ErrorCode::kUnsupportedFormat, "ofx files are not read yet");
}

bool LooksLikeOfx(std::string_view) { return false; }

}  // namespace recon::ofx
