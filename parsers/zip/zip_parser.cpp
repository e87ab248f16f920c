#include "parsers/zip/zip_parser.hpp"

#include <string>
#include <vector>

#include "parsers/zip/zip_archive.hpp"

namespace recon::zip {
namespace {

// Entries that archivers add beside the files and that are never statements.
bool IsMetadata(const ZipEntry& entry) {
  if (entry.is_directory()) return true;
  const std::string& name = entry.name;
  if (name.starts_with("__MACOSX/")) return true;
  const size_t slash = name.rfind('/');
  const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  return base.starts_with("._") || base == ".DS_Store";
}

Error InEntry(Error error, const std::string& name) {
  error.location = "entry '" + name + "'" + (error.location.empty() ? "" : ": " + error.location);
  return error;
}

}  // namespace

Result<ParsedFile> ParseArchive(std::string_view bytes, const ParseOptions& options, const MemberParser& parse_member) {
  ZipLimits limits;
  limits.entries_max = kZipEntriesMax;
  limits.uncompressed_bytes_max = options.file_bytes_max;
  auto entries = ReadCentralDirectory(bytes, limits);
  if (!entries) return entries.take_error();

  ParsedFile file;
  std::vector<std::string> formats;
  size_t lines = 0;
  size_t files = 0;
  for (const ZipEntry& entry : *entries) {
    if (IsMetadata(entry)) continue;
    ++files;
    auto member = ExtractEntry(bytes, entry);
    if (!member) return member.take_error();
    ParseOptions member_options = options;
    member_options.statement_lines_max = options.statement_lines_max - lines;
    auto parsed = parse_member(*member, member_options);
    if (!parsed) return InEntry(parsed.take_error(), entry.name);
    for (Statement& s : parsed->statements) {
      lines += s.lines.size();
      file.statements.push_back(std::move(s));
    }
    bool known = false;
    for (const std::string& f : formats) known = known || f == parsed->format;
    if (!known) formats.push_back(parsed->format);
  }
  if (files == 0) {
    return MakeError(ErrorCode::kMalformedFile, "the ZIP archive holds no files", "byte 0");
  }
  file.format = "zip:";
  for (size_t i = 0; i < formats.size(); ++i) file.format += (i > 0 ? "," : "") + formats[i];
  return file;
}

}  // namespace recon::zip
