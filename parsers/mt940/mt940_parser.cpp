// MT940 / MT942 stages: limits -> character set to UTF-8 -> tokenize into fields (envelope,
// tags, continuation lines) -> map each statement to the common record -> check balances.
// One pass over string_views per stage; the only copies are the converted text of a
// non-UTF-8 file and the strings of the result.
#include "parsers/mt940/mt940_parser.hpp"

#include <cstring>
#include <string>

#include "parsers/mt940/charset.hpp"
#include "parsers/mt940/statement_builder.hpp"
#include "parsers/mt940/text.hpp"
#include "parsers/mt940/tokenizer.hpp"
#include "recon/hex.hpp"

namespace recon::mt940 {
namespace {

// A bank's file holds one statement per account and day; a million is years of them for
// hundreds of accounts. The cap keeps a hostile file of empty statements from costing more
// memory than its size justifies.
constexpr size_t kStatementsMax = 1'000'000;

// DOS-era exports end with Ctrl-Z (0x1A), the old end-of-file mark.
constexpr char kDosEndOfFile = '\x1A';

// "line N, column C" of a byte offset, for the rare error that is found before the lines are.
std::string LocationOfOffset(std::string_view text, size_t offset) {
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return LineLocation(line, offset - line_start + 1);
}

std::string_view StripEdges(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  while (!bytes.empty() && bytes.back() == kDosEndOfFile) bytes.remove_suffix(1);
  return bytes;
}

}  // namespace

Result<ParsedFile> Mt940Parser::Parse(std::string_view bytes, const ParseOptions& options) const {
  if (bytes.size() > options.file_bytes_max) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "the file is " + std::to_string(bytes.size()) + " bytes, more than the configured file_bytes_max of " +
                         std::to_string(options.file_bytes_max),
                     "byte " + std::to_string(options.file_bytes_max));
  }
  bytes = StripEdges(bytes);
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return MakeError(ErrorCode::kMalformedFile, "the file is empty", LineLocation(1));
  }
  const CharsetCheck charset = CheckCharset(bytes);
  if (charset.control_at) {
    return MakeError(ErrorCode::kMalformedFile,
                     "the file contains the control character " +
                         hex::ByteName(static_cast<unsigned char>(bytes[*charset.control_at])) +
                         ", which MT940 text never holds; the file is damaged or not a statement",
                     LocationOfOffset(bytes, *charset.control_at));
  }
  std::string converted;
  std::string_view text = bytes;
  if (!charset.utf8) {
    converted = Windows1252ToUtf8(bytes);
    text = converted;
  }
  // SOH and ETX frame each message in files from a SWIFT interface; as blanks they fall
  // away with the other whitespace around the blocks and the closing '-'.
  if (charset.framing) {
    if (converted.empty()) converted.assign(text);
    for (char& c : converted) {
      if (c == '\x01' || c == '\x03') c = ' ';
    }
    text = converted;
  }
  // Old Mac files end their lines with CR alone; the later stages split on LF.
  if (std::memchr(text.data(), '\n', text.size()) == nullptr && std::memchr(text.data(), '\r', text.size()) != nullptr) {
    if (converted.empty()) converted.assign(text);
    for (char& c : converted) {
      if (c == '\r') c = '\n';
    }
    text = converted;
  }
  auto fields = Tokenize(text, TokenizeLimits{options.statement_lines_max, kStatementsMax});
  if (!fields) return fields.take_error();
  return BuildStatements(*fields);
}

bool LooksLikeMt940(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const size_t start = bytes.find_first_not_of(" \t\r\n\x01");
  if (start == std::string_view::npos) return false;
  bytes.remove_prefix(start);
  if (bytes.starts_with("{1:")) return true;
  // A ":20:" at a line start near the top (after the header lines some banks print), and a
  // :25:, :60F: or :61: further on: tags no XML, OFX or CSV file starts its lines with.
  constexpr size_t kHeadBytes = 1024;
  constexpr size_t kWindowBytes = 16 * 1024;
  const std::string_view window = bytes.substr(0, kWindowBytes);
  auto at_line_start = [&](std::string_view tag, size_t limit) {
    if (window.starts_with(tag)) return true;
    for (size_t p = window.find(tag); p != std::string_view::npos && p < limit; p = window.find(tag, p + 1)) {
      if (window[p - 1] == '\n' || window[p - 1] == '\r') return true;
    }
    return false;
  };
  if (!at_line_start(":20:", kHeadBytes)) return false;
  return at_line_start(":25:", kWindowBytes) || at_line_start(":60F:", kWindowBytes) || at_line_start(":61:", kWindowBytes);
}

}  // namespace recon::mt940
