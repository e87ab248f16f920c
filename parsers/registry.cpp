#include "parsers/registry.hpp"

#include "parsers/camt/camt_parser.hpp"
#include "parsers/csv/csv_parser.hpp"
#include "parsers/mt940/mt940_parser.hpp"
#include "parsers/ofx/ofx_parser.hpp"
#include "parsers/zip/inflate_budget.hpp"
#include "parsers/zip/zip_archive.hpp"
#include "parsers/zip/zip_parser.hpp"
#include "recon/ascii.hpp"

namespace recon::parsers {
namespace {

constexpr std::string_view kZip = "zip";

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

// Other names `?format=` accepts, and the format each stands for. A name with a dot
// after a format's name ("camt.053.001.08") stands for that format too.
struct Alias {
  std::string_view name;
  std::string_view format;
};
constexpr Alias kAliases[] = {
    {"camt.052", "camt"}, {"camt.053", "camt"}, {"camt.054", "camt"}, {"mt942", "mt940"}, {"qfx", "ofx"},
};

// Skips a UTF-8 byte-order mark and leading whitespace, which say nothing about the format.
std::string_view Head(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && ascii::IsSpace(bytes.front())) bytes.remove_prefix(1);
  return bytes;
}

const FormatEntry* FindFormat(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.name == name) name = a.format;
  }
  for (const FormatEntry& f : kFormats) {
    if (name == f.name || (name.starts_with(f.name) && name.size() > f.name.size() && name[f.name.size()] == '.')) {
      return &f;
    }
  }
  return nullptr;
}

Result<ParsedFile> ParseAt(std::string_view bytes, const ParseOptions& options, size_t zip_depth,
                           zip::InflateBudget& budget);

// An archive: its members are parsed one level deeper, with the format the caller named
// (a named format other than "zip" is the members' format). Every level spends the one
// budget of the parse. An archive inside an archive is read only as deep as
// options.archive_nesting_max allows: banks zip statement files, and nesting mostly
// multiplies what a small upload unpacks to.
Result<ParsedFile> ParseZip(std::string_view bytes, const ParseOptions& options, size_t zip_depth,
                            zip::InflateBudget& budget) {
  if (zip_depth > options.archive_nesting_max) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file is itself a ZIP archive; archives inside archives are read " +
                         (options.archive_nesting_max == 0
                              ? std::string("only when archive_nesting_max allows them (it is 0)")
                              : "only " + std::to_string(options.archive_nesting_max) +
                                    " level(s) deep (archive_nesting_max)") +
                         ": unpack the inner archive and upload its statement files");
  }
  ParseOptions member_options = options;
  if (member_options.format == kZip) member_options.format.clear();
  return zip::ParseArchive(bytes, member_options, budget,
                           [zip_depth, &budget](std::string_view member, const ParseOptions& o) {
                             return ParseAt(member, o, zip_depth + 1, budget);
                           });
}

Result<ParsedFile> ParseAt(std::string_view bytes, const ParseOptions& options, size_t zip_depth,
                           zip::InflateBudget& budget) {
  if (bytes.empty()) return MakeError(ErrorCode::kMalformedFile, "the file is empty", "byte 0");
  // A ZIP archive is a container, not a format: it is recognised whatever format was
  // named, and the name then applies to the files inside.
  if (zip::LooksLikeZip(bytes)) return ParseZip(bytes, options, zip_depth, budget);
  if (options.format == kZip) {
    return MakeError(ErrorCode::kMalformedFile, "the file is not a ZIP archive (it does not start with PK\\3\\4)",
                     "byte 0");
  }
  std::string format = options.format.empty() ? DetectFormat(bytes) : options.format;
  if (format.empty()) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file is not in a format recond recognises (camt.052/053/054, MT940, MT942, OFX, QFX, CSV, "
                     "or a ZIP archive of them); name the format with ?format= if it is one of them",
                     "byte 0");
  }
  if (const FormatEntry* f = FindFormat(format)) return f->parser.Parse(bytes, options);
  return MakeError(ErrorCode::kUnsupportedFormat, "'" + format + "' is not a format recond reads");
}

}  // namespace

std::vector<std::string> KnownFormats() {
  std::vector<std::string> names;
  for (const FormatEntry& f : kFormats) names.emplace_back(f.name);
  for (const Alias& a : kAliases) names.emplace_back(a.name);
  names.emplace_back(kZip);
  return names;
}

std::string DetectFormat(std::string_view bytes) {
  if (zip::LooksLikeZip(bytes)) return std::string(kZip);
  const std::string_view head = Head(bytes);
  for (const FormatEntry& f : kFormats) {
    if (f.looks_like(head)) return std::string(f.name);
  }
  return "";
}

Result<ParsedFile> ParseStatementFile(std::string_view bytes, const ParseOptions& options) {
  // One budget per parse, however deep the archives nest: the upload's whole cost.
  zip::InflateBudget budget(options.archive_inflated_bytes_max);
  return ParseAt(bytes, options, 0, budget);
}

}  // namespace recon::parsers
