// The single entry point to every statement format: detect, then parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "recon/parser.hpp"

namespace recon::parsers {

// The formats recond reads, by the names `?format=` and `--format` accept: camt, ofx,
// mt940, csv, the aliases camt.052, camt.053, camt.054 (camt), mt942 (mt940), qfx (ofx),
// and zip. A name that continues a format's name after a dot ("camt.053.001.08") is
// accepted too.
std::vector<std::string> KnownFormats();

// Names the format of the bytes ("camt", "mt940", ..., "zip" for a ZIP archive), judged
// from content only, never a file name; "" when no known format fits.
std::string DetectFormat(std::string_view bytes);

// Parses a statement file: options.format when given, else the detected format.
// A ZIP archive is recognised whatever options.format says; its files are parsed one by
// one (with options.format, unless that is "zip") and their statements concatenated,
// format "zip:<the files' formats>" (see parsers/zip/zip_parser.hpp). An archive inside
// an archive is refused (kUnsupportedFormat) unless options.archive_nesting_max allows it;
// all archives of one call share one budget of options.archive_inflated_bytes_max. Errors: kUnsupportedFormat when the format is unknown or cannot be
// detected, kMalformedFile for an empty file or "zip" named for a file that is no
// archive, and whatever the format's parser answers. Thread-safe.
Result<ParsedFile> ParseStatementFile(std::string_view bytes, const ParseOptions& options);

}  // namespace recon::parsers
