// The single entry point to every statement format: detect, then parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "recon/parser.hpp"

namespace recon::parsers {

// The formats recond reads, by the names `?format=` and `--format` accept.
std::vector<std::string> KnownFormats();

// Names the format of the bytes ("camt", "mt940", ...), judged from content only,
// never a file name; "" when no known format fits.
std::string DetectFormat(std::string_view bytes);

// Parses a statement file: options.format when given, else the detected format.
// Errors: kUnsupportedFormat when the format is unknown or cannot be detected, and
// whatever the format's parser answers. Thread-safe.
Result<ParsedFile> ParseStatementFile(std::string_view bytes, const ParseOptions& options);

}  // namespace recon::parsers
