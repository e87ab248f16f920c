#include "parsers/zip/zip_parser.hpp"

#include <string>
#include <vector>

#include "parsers/zip/zip_archive.hpp"

namespace recon::zip {
namespace {

constexpr std::string_view kAppleDoubleMagic("\x00\x05\x16\x07", 4);
constexpr std::string_view kDesktopServicesMagic("\x00\x00\x00\x01" "Bud1", 8);

std::string BaseName(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Entries that macOS archivers add beside the files, by name. Whether one really is
// metadata is decided by its bytes (IsMetadataBytes): a statement named "._day1.xml" is
// still a statement.
bool HasMetadataName(const ZipEntry& entry) {
  const std::string base = BaseName(entry.raw_name);
  return entry.raw_name.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store";
}

bool IsMetadataBytes(const std::string& bytes) {
  return bytes.starts_with(kAppleDoubleMagic) || bytes.starts_with(kDesktopServicesMagic);
}

Error InEntry(Error error, const std::string& name) {
  error.location = "entry '" + name + "'" + (error.location.empty() ? "" : ": " + error.location);
  return error;
}

Error Malformed(std::string message, std::string location) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

// The archive as it is read, member after member.
class ArchiveReader {
 public:
  ArchiveReader(ZipArchive& archive, const ParseOptions& options, InflateBudget& budget,
                const MemberParser& parse_member)
      : archive_(archive), options_(options), budget_(budget), parse_member_(parse_member) {}

  Status ReadAll() {
    for (const ZipEntry& entry : archive_.entries()) {
      if (Status s = ReadEntry(entry); !s) return s;
    }
    if (files_ == 0) return Malformed("the ZIP archive holds no files", "byte 0");
    return Status::Ok();
  }

  ParsedFile Take() {
    file_.format = "zip:";
    for (size_t i = 0; i < formats_.size(); ++i) file_.format += (i > 0 ? "," : "") + formats_[i];
    return std::move(file_);
  }

 private:
  Status ReadEntry(const ZipEntry& entry) {
    if (entry.is_directory()) {
      if (entry.declared_size == 0) return Status::Ok();
      return Malformed("a directory entry that holds " + std::to_string(entry.declared_size) +
                           " bytes; recond cannot tell whether they are a statement",
                       "entry '" + entry.name + "'");
    }
    auto member = archive_.Extract(entry, budget_);
    if (!member) return member.take_error();
    if (HasMetadataName(entry) && IsMetadataBytes(*member)) return Status::Ok();
    ++files_;

    ParseOptions member_options = options_;
    member_options.statement_lines_max = options_.statement_lines_max - lines_;
    auto parsed = parse_member_(*member, member_options);
    if (!parsed) return InEntry(parsed.take_error(), entry.name);
    for (Statement& s : parsed->statements) {
      lines_ += s.lines.size();
      file_.statements.push_back(std::move(s));
    }
    bool known = false;
    for (const std::string& f : formats_) known = known || f == parsed->format;
    if (!known) formats_.push_back(parsed->format);
    return Status::Ok();
  }

  ZipArchive& archive_;
  const ParseOptions& options_;
  InflateBudget& budget_;
  const MemberParser& parse_member_;
  ParsedFile file_;
  std::vector<std::string> formats_;
  size_t lines_ = 0;
  size_t files_ = 0;
};

}  // namespace

Result<ParsedFile> ParseArchive(std::string_view bytes, const ParseOptions& options, InflateBudget& budget,
                                const MemberParser& parse_member) {
  ZipLimits limits;
  limits.entries_max = options.archive_entries_max;
  limits.ratio_max = options.archive_ratio_max;
  limits.member_bytes_max = options.file_bytes_max;
  auto archive = ZipArchive::Open(bytes, limits);
  if (!archive) return archive.take_error();
  ArchiveReader reader(*archive, options, budget, parse_member);
  if (Status s = reader.ReadAll(); !s) return s.error();
  return reader.Take();
}

}  // namespace recon::zip
