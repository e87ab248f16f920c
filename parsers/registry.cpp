#include "parsers/registry.hpp"

#include "parsers/camt/camt_parser.hpp"
#include "parsers/csv/csv_parser.hpp"
#include "parsers/mt940/mt940_parser.hpp"
#include "parsers/ofx/ofx_parser.hpp"

namespace recon::parsers {
namespace {

struct FormatEntry {
  std::string_view name;
  bool (*looks_like)(std::string_view bytes);
  const Parser& parser;
};

const camt::CamtParser kCamt;
const mt940::Mt940Parser kMt940;
const ofx::OfxParser kOfx;
const csv::CsvParser kCsv;

// Detection order matters: the first format whose signature fits wins. CSV comes last:
// its signature (delimited text) is the weakest.
const FormatEntry kFormats[] = {
    {"camt", &camt::LooksLikeCamt, kCamt},
    {"ofx", &ofx::LooksLikeOfx, kOfx},
    {"mt940", &mt940::LooksLikeMt940, kMt940},
    {"csv", &csv::LooksLikeCsv, kCsv},
};

// Skips a UTF-8 byte-order mark and leading whitespace, which say nothing about the format.
std::string_view Head(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && (bytes.front() == ' ' || bytes.front() == '\r' || bytes.front() == '\n' || bytes.front() == '\t')) {
    bytes.remove_prefix(1);
  }
  return bytes;
}

}  // namespace

std::vector<std::string> KnownFormats() {
  std::vector<std::string> names;
  for (const FormatEntry& f : kFormats) names.emplace_back(f.name);
  return names;
}

std::string DetectFormat(std::string_view bytes) {
  const std::string_view head = Head(bytes);
  for (const FormatEntry& f : kFormats) {
    if (f.looks_like(head)) return std::string(f.name);
  }
  return "";
}

Result<ParsedFile> ParseStatementFile(std::string_view bytes, const ParseOptions& options) {
  if (bytes.empty()) return MakeError(ErrorCode::kMalformedFile, "the file is empty", "byte 0");
  std::string format = options.format.empty() ? DetectFormat(bytes) : options.format;
  if (format.empty()) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file is not in a format recond recognises (camt.052/053/054, MT940, OFX, CSV); "
                     "name the format with ?format= if it is one of them",
                     "byte 0");
  }
  for (const FormatEntry& f : kFormats) {
    if (f.name == format || format.starts_with(std::string(f.name) + ".")) return f.parser.Parse(bytes, options);
  }
  return MakeError(ErrorCode::kUnsupportedFormat, "'" + format + "' is not a format recond reads");
}

}  // namespace recon::parsers
