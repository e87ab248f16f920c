#include "parsers/ofx/ofx_header.hpp"

#include <map>

#include "parsers/ofx/ofx_location.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {
namespace {

// A header line quoted in a message is cut here so that a binary file cannot flood it.
constexpr size_t kQuotedBytesMax = 40;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii::ToUpper(a[i]) != ascii::ToUpper(b[i])) return false;
  }
  return true;
}

// Printable excerpt of header bytes for a message. The header is read before the bytes
// are converted, so anything but printable ASCII shows as '?'.
std::string Quote(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, kQuotedBytesMax)) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(b >= 0x20 && b < 0x7F ? c : '?');
  }
  if (s.size() > kQuotedBytesMax) out += "...";
  return out;
}

bool IsKeyChar(char c) {
  return ascii::IsAlnum(c) || c == '_' || c == '.' || c == '-';
}

struct Field {
  std::string value;
  size_t offset = 0;  // where the line or declaration starts, for messages
};
using Fields = std::map<std::string, Field>;  // upper-case key -> value

Error HeaderError(std::string_view bytes, size_t offset, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), LineOnly(bytes, offset));
}

// OFX 1.x: "KEY:VALUE" lines, blank lines allowed anywhere.
Result<Fields> ReadSgmlFields(std::string_view bytes, size_t end) {
  Fields fields;
  size_t pos = 0;
  while (pos < end) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    const std::string_view line = ascii::Trim(bytes.substr(pos, eol - pos));
    if (!line.empty()) {
      const size_t colon = line.find(':');
      const std::string_view key = colon == std::string_view::npos ? line : ascii::Trim(line.substr(0, colon));
      bool key_ok = colon != std::string_view::npos && !key.empty();
      for (char c : key) key_ok = key_ok && IsKeyChar(c);
      if (!key_ok) {
        return HeaderError(bytes, pos,
                           "the OFX header holds '" + Quote(line) +
                               "', which is neither a 'KEY:VALUE' line (OFX 1) nor an XML declaration (OFX 2)");
      }
      std::string upper;
      for (char c : key) upper.push_back(ascii::ToUpper(c));
      fields[upper] = Field{std::string(ascii::Trim(line.substr(colon + 1))), pos};
    }
    pos = eol + 1;
  }
  return fields;
}

// name="value" pairs of an XML declaration or processing instruction.
bool ReadAttributes(std::string_view content, size_t offset, Fields& fields) {
  size_t i = 0;
  while (true) {
    while (i < content.size() && ascii::IsSpace(content[i])) ++i;
    if (i == content.size()) return true;
    const size_t name_begin = i;
    while (i < content.size() && IsKeyChar(content[i])) ++i;
    if (i == name_begin) return false;
    std::string name;
    for (char c : content.substr(name_begin, i - name_begin)) name.push_back(ascii::ToUpper(c));
    while (i < content.size() && ascii::IsSpace(content[i])) ++i;
    if (i == content.size() || content[i] != '=') return false;
    ++i;
    while (i < content.size() && ascii::IsSpace(content[i])) ++i;
    if (i == content.size() || (content[i] != '"' && content[i] != '\'')) return false;
    const char quote = content[i++];
    const size_t close = content.find(quote, i);
    if (close == std::string_view::npos) return false;
    fields[name] = Field{std::string(content.substr(i, close - i)), offset};
    i = close + 1;
  }
}

// OFX 2.x: <?xml ...?>, <?OFX ...?>, comments and white space.
Status ReadXmlProlog(std::string_view bytes, size_t end, Fields& xml, Fields& ofx) {
  size_t pos = 0;
  while (pos < end) {
    if (ascii::IsSpace(bytes[pos])) {
      ++pos;
      continue;
    }
    const std::string_view rest = bytes.substr(pos, end - pos);
    if (rest.starts_with("<!--")) {
      const size_t close = rest.find("-->");
      if (close == std::string_view::npos) return HeaderError(bytes, pos, "a comment before <OFX> is not closed by '-->'");
      pos += close + 3;
    } else if (rest.starts_with("<?")) {
      const size_t close = rest.find("?>");
      if (close == std::string_view::npos) {
        return HeaderError(bytes, pos, "the instruction '" + Quote(rest) + "' is not closed by '?>'");
      }
      std::string_view content = rest.substr(2, close - 2);
      size_t target_end = 0;
      while (target_end < content.size() && IsKeyChar(content[target_end])) ++target_end;
      const std::string_view target = content.substr(0, target_end);
      Fields* into = EqualsNoCase(target, "xml") ? &xml : EqualsNoCase(target, "OFX") ? &ofx : nullptr;
      if (into && !ReadAttributes(content.substr(target_end), pos, *into)) {
        return HeaderError(bytes, pos, "the declaration '" + Quote(rest.substr(0, close + 2)) +
                                           "' is not a list of name=\"value\" pairs");
      }
      pos += close + 2;
    } else if (rest.starts_with("<!")) {
      return HeaderError(bytes, pos,
                         "the file has a DOCTYPE or other declaration, which OFX files never need; refused");
    } else {
      return HeaderError(bytes, pos,
                         "the OFX header holds '" + Quote(rest) +
                             "', which is neither a 'KEY:VALUE' line (OFX 1) nor an XML declaration (OFX 2)");
    }
  }
  return Status::Ok();
}

std::string Get(const Fields& fields, const std::string& key) {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second.value;
}

size_t OffsetOf(const Fields& fields, const std::string& key) {
  const auto it = fields.find(key);
  return it == fields.end() ? 0 : it->second.offset;
}

Status ResolveCharset(OfxHeader& header, const Fields& fields, std::string_view bytes) {
  std::string label;
  std::string key = "CHARSET";
  if (header.kind == OfxHeader::Kind::kXml) {
    key = "ENCODING";
    label = Get(fields, key);
    if (label.empty()) {
      header.charset = Charset::kUtf8;  // XML's default
      header.charset_label = "UTF-8";
      return Status::Ok();
    }
  } else {
    const std::string encoding = Get(fields, "ENCODING");
    label = Get(fields, "CHARSET");
    const auto enc = CharsetFromLabel(encoding);
    if (enc == Charset::kUtf8) {
      header.charset = Charset::kUtf8;  // CHARSET is NONE or CSUNICODE beside it
      header.charset_label = encoding;
      return Status::Ok();
    }
    if (enc == Charset::kAscii && CharsetFromLabel(label) == Charset::kUnspecified) {
      header.charset = Charset::kAscii;
      header.charset_label = encoding;
      return Status::Ok();
    }
  }
  const auto charset = CharsetFromLabel(label);
  if (!charset) {
    return HeaderError(bytes, OffsetOf(fields, key), "the header declares the character set '" + Quote(label) +
                                     "', which recond cannot convert (it reads UTF-8, Windows-1252, "
                                     "ISO-8859-1, ISO-8859-15 and ASCII)");
  }
  header.charset = *charset;
  header.charset_label = label;
  return Status::Ok();
}

}  // namespace

size_t FindBody(std::string_view text) {
  for (size_t pos = text.find('<'); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    if (pos + 4 >= text.size()) return std::string_view::npos;
    if (EqualsNoCase(text.substr(pos + 1, 3), "OFX") && (text[pos + 4] == '>' || ascii::IsSpace(text[pos + 4]))) {
      return pos;
    }
  }
  return std::string_view::npos;
}

Result<OfxHeader> ReadHeader(std::string_view bytes) {
  OfxHeader header;
  header.body_offset = FindBody(bytes);
  if (header.body_offset == std::string_view::npos) {
    return MakeError(ErrorCode::kUnsupportedFormat, "the file has no <OFX> element; it is not an OFX file", "byte 0");
  }
  const size_t end = header.body_offset;
  size_t first = 0;
  while (first < end && ascii::IsSpace(bytes[first])) ++first;
  if (first == end) return header;  // no header: the file starts with <OFX>

  Fields fields;
  if (bytes[first] == '<') {
    header.kind = OfxHeader::Kind::kXml;
    Fields xml, ofx;
    if (Status s = ReadXmlProlog(bytes, end, xml, ofx); !s) return s.error();
    header.version = Get(ofx, "VERSION");
    fields = xml;
  } else {
    header.kind = OfxHeader::Kind::kSgml;
    auto sgml = ReadSgmlFields(bytes, end);
    if (!sgml) return sgml.take_error();
    fields = std::move(*sgml);
    header.version = Get(fields, "VERSION");
    const std::string compression = Get(fields, "COMPRESSION");
    if (!compression.empty() && !EqualsNoCase(compression, "NONE")) {
      return HeaderError(bytes, OffsetOf(fields, "COMPRESSION"), "the header says COMPRESSION:" + Quote(compression) +
                                           "; recond reads only uncompressed OFX (COMPRESSION:NONE)");
    }
  }
  if (Status s = ResolveCharset(header, fields, bytes); !s) return s.error();
  // VERSION goes into the format name ("ofx.102"); anything but digits is dropped from it.
  for (char c : header.version) {
    if (c < '0' || c > '9') {
      header.version.clear();
      break;
    }
  }
  return header;
}

}  // namespace recon::ofx
