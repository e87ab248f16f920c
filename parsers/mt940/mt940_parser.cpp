#include "parsers/mt940/mt940_parser.hpp"

namespace recon::mt940 {

// Not yet implemented: the format's issue fills this in.
Result<ParsedFile> Mt940Parser::Parse(std::string_view, const ParseOptions&) const {
  return MakeError(ErrorCode::kUnsupportedFormat, "mt940 files are not read yet");
}

bool LooksLikeMt940(std::string_view) { return false; }

}  // namespace recon::mt940
