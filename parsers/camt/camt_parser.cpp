// camt stages: guard (size) -> encoding to UTF-8 -> stream the XML (well-formedness,
// DOCTYPE, depth and element limits) -> collect one entry at a time -> map it to lines
// -> finish each statement (balances and their check) -> name the format.
#include "parsers/camt/camt_parser.hpp"

#include <string>
#include <vector>

#include "parsers/camt/camt_collector.hpp"
#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/text_encoding.hpp"
#include "parsers/camt/xml_reader.hpp"
#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

constexpr std::string_view kCamtNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.";

// How far into the file detection looks for the namespace or the message name.
constexpr size_t kDetectBytes = 4096;

std::string_view MessageNumber(MessageKind kind) {
  switch (kind) {
    case MessageKind::kReport: return "052";
    case MessageKind::kStatement: return "053";
    case MessageKind::kNotification: return "054";
  }
  return "";
}

// "camt.053.001.08" from the namespace when it names the message the document holds.
// A document without a namespace is read by its message ("camt.053"); a namespace of
// another camt message or of something else is read the same way, with a warning on
// every statement, because the entries are what the bank booked whatever the label.
std::string FormatName(const std::string& ns, MessageKind kind, std::string_view message,
                       std::vector<std::string>& warnings) {
  const std::string by_message = "camt." + std::string(MessageNumber(kind));
  if (ns.empty()) return by_message;
  if (ns.starts_with(kCamtNamespacePrefix)) {
    const std::string_view version = std::string_view(ns).substr(kCamtNamespacePrefix.size());  // "053.001.08"
    const bool shaped = version.size() == 10 && version[3] == '.' && version[7] == '.' &&
                        ascii::AllDigits(version.substr(0, 3)) && ascii::AllDigits(version.substr(4, 3)) &&
                        ascii::AllDigits(version.substr(8, 2));
    if (shaped && version.substr(0, 3) == MessageNumber(kind)) return "camt." + std::string(version);
    warnings.push_back("the namespace " + ns + " does not name the " + std::string(message) +
                       " message the document holds; read as " + by_message);
    return by_message;
  }
  warnings.push_back("the namespace " + ns + " is not a camt namespace; read as " + by_message + " by its message " +
                     std::string(message));
  return by_message;
}

Result<ParsedFile> ParseUtf8(std::string_view text, const ParseOptions& options) {
  XmlLimits limits;
  limits.depth_max = options.xml_depth_max;
  limits.elements_max = options.xml_elements_max;
  XmlReader reader(text, limits);
  StatementMapper mapper(options);
  Collector collector(mapper);
  for (bool done = false; !done;) {
    switch (reader.Next()) {
      case XmlReader::Event::kStart:
        if (!collector.OnStart(reader)) return collector.error();
        break;
      case XmlReader::Event::kText:
        collector.OnText(reader);
        break;
      case XmlReader::Event::kEnd:
        if (!collector.OnEnd()) return collector.error();
        break;
      case XmlReader::Event::kError:
        return reader.error();
      case XmlReader::Event::kDone:
        done = true;
        break;
    }
  }
  if (Status s = collector.OnDone(); !s) return s.error();
  ParsedFile file;
  std::vector<std::string> warnings;
  file.format = FormatName(collector.document_namespace(), collector.message_kind(), collector.message_name(), warnings);
  file.statements = std::move(collector.statements());
  for (Statement& s : file.statements) s.warnings.insert(s.warnings.begin(), warnings.begin(), warnings.end());
  return file;
}

}  // namespace

bool LooksLikeCamt(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kDetectBytes);
  return head.find(kCamtNamespacePrefix) != std::string_view::npos ||
         (head.find("<Document") != std::string_view::npos && head.find("BkToCstmr") != std::string_view::npos) ||
         (head.find(":Document") != std::string_view::npos && head.find("BkToCstmr") != std::string_view::npos);
}

Result<ParsedFile> CamtParser::Parse(std::string_view bytes, const ParseOptions& options) const {
  if (bytes.size() > options.file_bytes_max) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "the file is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                         std::to_string(options.file_bytes_max),
                     "byte " + std::to_string(options.file_bytes_max));
  }
  auto encoding = DeclaredEncoding(bytes);
  if (!encoding) return encoding.take_error();
  std::string converted;
  std::string_view text = bytes;
  if (*encoding != TextEncoding::kUtf8) {
    converted = ToUtf8(bytes, *encoding);
    text = converted;
  }
  if (Status s = CheckUtf8(text); !s) return s.error();
  return ParseUtf8(text, options);
}

}  // namespace recon::camt
