// OFX stages: guard (size, UTF-16) -> header (version, character set) -> decode to UTF-8
// -> tolerant tree of the SGML or XML body -> map messages and statements.
#include "parsers/ofx/ofx_parser.hpp"

#include "parsers/ofx/ofx_charset.hpp"
#include "parsers/ofx/ofx_header.hpp"
#include "parsers/ofx/ofx_location.hpp"
#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_tree.hpp"

namespace recon::ofx {
namespace {

// Detection looks this far into the file; the OFX markers sit in the first lines.
constexpr size_t kDetectBytesMax = 1024;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Status Guard(std::string_view bytes, const ParseOptions& options) {
  if (bytes.size() > options.file_bytes_max) {
    return MakeError(ErrorCode::kLimitExceeded, "the file is " + std::to_string(bytes.size()) +
                                                    " bytes; the limit is " + std::to_string(options.file_bytes_max));
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file is UTF-16, which recond does not read; export it as UTF-8 or Windows-1252", "byte 0");
  }
  return Status::Ok();
}

}  // namespace

bool LooksLikeOfx(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  std::string head(bytes.substr(0, kDetectBytesMax));
  for (char& c : head) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return head.find("OFXHEADER:") != std::string::npos || head.find("<?OFX") != std::string::npos ||
         head.find("<OFX>") != std::string::npos;
}

Result<ParsedFile> OfxParser::Parse(std::string_view bytes, const ParseOptions& options) const {
  if (Status s = Guard(bytes, options); !s) return s.error();
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom) bytes.remove_prefix(kUtf8Bom.size());

  auto header = ReadHeader(bytes);
  if (!header) return header.take_error();
  Charset charset = header->charset;
  if (bom && charset == Charset::kUnspecified) charset = Charset::kUtf8;
  Decoded decoded = DecodeToUtf8(bytes, charset, header->charset_label);

  // NUL cannot be stored as text and never belongs in an OFX file.
  if (const size_t nul = decoded.text.find('\0'); nul != std::string::npos) {
    return MakeError(ErrorCode::kMalformedFile, "the file contains a NUL byte; it is binary or damaged",
                     LineColumn(decoded.text, nul));
  }
  const size_t body = FindBody(decoded.text);
  if (body == std::string::npos) {
    return MakeError(ErrorCode::kUnsupportedFormat, "the file has no <OFX> element; it is not an OFX file", "byte 0");
  }
  auto tree = Tree::Build(std::move(decoded.text), body, TreeLimits{options.xml_depth_max, options.xml_elements_max});
  if (!tree) return tree.take_error();
  auto statements = MapMessages(*tree, options);
  if (!statements) return statements.take_error();

  ParsedFile file;
  file.format = header->version.empty() ? "ofx" : "ofx." + header->version;
  file.statements = std::move(*statements);
  if (decoded.note) {
    for (Statement& s : file.statements) s.warnings.insert(s.warnings.begin(), *decoded.note);
  }
  return file;
}

}  // namespace recon::ofx
