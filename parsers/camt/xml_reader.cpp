#include "parsers/camt/xml_reader.hpp"

#include <array>
#include <cstring>

#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

constexpr std::string_view kNotWellFormed = "the XML is not well-formed: ";

// XML name characters, simplified the way most parsers do: every byte of a multi-byte
// UTF-8 character counts as a name character (the text is valid UTF-8 already).
// A table, because names are most of what a camt file is made of.
enum : uint8_t { kNameStart = 1, kNameChar = 2, kNameColon = 4 };

constexpr std::array<uint8_t, 256> MakeNameTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
    const bool rest = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
    t[static_cast<size_t>(c)] = static_cast<uint8_t>((start ? kNameStart : 0) | (rest ? kNameChar : 0) |
                                                     (c == ':' ? kNameColon : 0));
  }
  return t;
}
constexpr std::array<uint8_t, 256> kNameTable = MakeNameTable();

// Classes of bytes in character data, so that one pass finds the end of the text,
// whether it has references, and whether it is only whitespace.
enum : uint8_t { kTextSpace = 1, kTextAmp = 2, kTextLt = 4, kTextOther = 8 };

constexpr std::array<uint8_t, 256> MakeTextTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<size_t>(c)] = kTextOther;
  for (char c : {' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(c)] = kTextSpace;
  t['&'] = kTextAmp;
  t['<'] = kTextLt;
  return t;
}
constexpr std::array<uint8_t, 256> kTextTable = MakeTextTable();

bool IsNameStart(unsigned char c) { return (kNameTable[c] & kNameStart) != 0; }
bool IsNameChar(unsigned char c) { return (kNameTable[c] & kNameChar) != 0; }

// Characters XML 1.0 allows (production [2] Char).
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

void AppendUtf8(uint32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The value of a character reference body ("#233", "#xE9"), or 0 when it is not one.
uint32_t CharReference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return 0;
  const bool hex = body[1] == 'x';
  std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return 0;
  uint32_t value = 0;
  for (char c : digits) {
    uint32_t d;
    if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
    else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
    else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
    else return 0;
    value = value * (hex ? 16 : 10) + d;
  }
  return IsXmlChar(value) ? value : 0;
}

// Checks every reference in `raw` and appends the decoded text to `out` when given.
// On a bad reference: false, with its offset in `bad_at` and the reason in `why`.
bool DecodeReferences(std::string_view raw, std::string* out, size_t& bad_at, std::string& why) {
  size_t start = 0;
  while (true) {
    const size_t amp = raw.find('&', start);
    if (out != nullptr) out->append(raw.substr(start, amp == std::string_view::npos ? raw.size() - start : amp - start));
    if (amp == std::string_view::npos) return true;
    const size_t semi = raw.find(';', amp);
    bad_at = amp;
    if (semi == std::string_view::npos || semi - amp > 12) {
      why = "'&' starts no reference; write it as &amp;";
      return false;
    }
    const std::string_view body = raw.substr(amp + 1, semi - amp - 1);
    char named = 0;
    if (body == "lt") named = '<';
    else if (body == "gt") named = '>';
    else if (body == "amp") named = '&';
    else if (body == "quot") named = '"';
    else if (body == "apos") named = '\'';
    if (named != 0) {
      if (out != nullptr) *out += named;
    } else {
      const uint32_t c = CharReference(body);
      if (c == 0) {
        why = "'&" + std::string(body) + ";' is no XML reference (no DTD defines entities here)";
        return false;
      }
      if (out != nullptr) AppendUtf8(c, *out);
    }
    start = semi + 1;
  }
}

}  // namespace

XmlReader::XmlReader(std::string_view document, const XmlLimits& limits) : doc_(document), limits_(limits) {
  if (doc_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

std::string XmlReader::LineColumn(std::string_view document, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < document.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(document[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

XmlReader::Event XmlReader::Fail(size_t at, std::string_view a, std::string_view b, std::string_view c,
                                  std::string_view d, std::string_view e) {
  failed_ = true;
  std::string message(kNotWellFormed);
  message.append(a).append(b).append(c).append(d).append(e);
  error_ = MakeError(ErrorCode::kMalformedFile, std::move(message), LineColumn(doc_, at));
  return Event::kError;
}

XmlReader::Event XmlReader::Limit(std::string_view before, size_t limit, std::string_view after) {
  failed_ = true;
  error_ = MakeError(ErrorCode::kLimitExceeded, std::string(before) + std::to_string(limit) + std::string(after),
                     LineColumn(doc_, event_offset_));
  return Event::kError;
}

std::string XmlReader::AttributeValue(size_t i) const {
  const RawAttribute& a = attributes_[i];
  if (!a.has_references) return std::string(a.value);
  std::string out;
  size_t bad_at = 0;
  std::string why;
  // The value was checked when the tag was read, so decoding cannot fail here.
  DecodeReferences(a.value, &out, bad_at, why);
  return out;
}

std::string XmlReader::Attribute(std::string_view qualified) const {
  for (size_t i = 0; i < attributes_.size(); ++i) {
    if (attributes_[i].name == qualified) return AttributeValue(i);
  }
  return {};
}

void XmlReader::AppendText(std::string& out) const {
  if (text_has_references_) {
    out += decoded_;
  } else {
    out += text_;
  }
}

bool XmlReader::Decode(std::string_view raw, size_t raw_offset, std::string* out) {
  size_t bad_at = 0;
  std::string why;
  if (DecodeReferences(raw, out, bad_at, why)) return true;
  Fail(raw_offset + bad_at, why);
  return false;
}

bool XmlReader::ReadName(size_t& at, std::string_view& name) {
  const size_t begin = at;
  if (at >= doc_.size() || !IsNameStart(static_cast<unsigned char>(doc_[at]))) return false;
  ++at;
  while (at < doc_.size() && IsNameChar(static_cast<unsigned char>(doc_[at]))) ++at;
  name = doc_.substr(begin, at - begin);
  return true;
}

bool XmlReader::ReadAttribute(size_t& at) {
  RawAttribute a{};
  if (!ReadName(at, a.name)) {
    Fail(at, "expected an attribute name, '>' or '/>' in <", name_, ">");
    return false;
  }
  while (at < doc_.size() && ascii::IsSpace(doc_[at])) ++at;
  if (at >= doc_.size() || doc_[at] != '=') {
    Fail(at, "expected '=' after the attribute ", a.name);
    return false;
  }
  ++at;
  while (at < doc_.size() && ascii::IsSpace(doc_[at])) ++at;
  if (at >= doc_.size() || (doc_[at] != '"' && doc_[at] != '\'')) {
    Fail(at, "expected a quoted value for the attribute ", a.name);
    return false;
  }
  const char quote = doc_[at++];
  const size_t close = doc_.find(quote, at);
  if (close == std::string_view::npos) {
    Fail(at, "the value of the attribute ", a.name, " is never closed");
    return false;
  }
  a.value = doc_.substr(at, close - at);
  if (a.value.find('<') != std::string_view::npos) {
    Fail(at + a.value.find('<'), "'<' inside the value of the attribute ", a.name);
    return false;
  }
  a.has_references = a.value.find('&') != std::string_view::npos;
  if (a.has_references && !Decode(a.value, at, nullptr)) return false;
  at = close + 1;
  for (const RawAttribute& other : attributes_) {
    if (other.name == a.name) {
      Fail(at, "the attribute ", a.name, " appears twice");
      return false;
    }
  }
  if (attributes_.size() >= limits_.attributes_max) {
    Limit("an element has more than ", limits_.attributes_max, " attributes");
    return false;
  }
  attributes_.push_back(a);
  return true;
}

XmlReader::Event XmlReader::ReadStartTag() {
  const unsigned char* d = reinterpret_cast<const unsigned char*>(doc_.data());
  const size_t n = doc_.size();
  size_t at = pos_ + 1;
  if (at >= n || !IsNameStart(d[at])) return Fail(at, "'<' is followed by no element name");
  const size_t begin = at;
  uint8_t seen = 0;
  for (uint8_t k; at < n && ((k = kNameTable[d[at]]) & kNameChar) != 0; ++at) seen |= k;
  const std::string_view name(doc_.data() + begin, at - begin);
  if (root_closed_) return Fail(pos_, "a second root element <", name, ">");
  name_ = name;
  local_name_ = name;
  if ((seen & kNameColon) != 0) local_name_ = name.substr(name.find(':') + 1);
  attributes_.clear();
  bool empty_element = false;
  if (at < n && d[at] == '>') {
    ++at;  // the usual camt tag: no attributes
  } else {
    while (true) {
      const size_t before = at;
      while (at < n && ascii::IsSpace(doc_[at])) ++at;
      if (at >= n) return Fail(pos_, "the tag <", name, " is never closed");
      if (d[at] == '>') {
        ++at;
        break;
      }
      if (d[at] == '/') {
        if (at + 1 >= n || d[at + 1] != '>') return Fail(at, "expected '/>'");
        at += 2;
        empty_element = true;
        break;
      }
      if (at == before) return Fail(at, "expected a space before the attribute in <", name, ">");
      if (!ReadAttribute(at)) return Event::kError;
    }
  }
  if (stack_.size() >= limits_.depth_max) return Limit("the XML nests deeper than ", limits_.depth_max, " elements");
  if (++elements_ > limits_.elements_max) return Limit("the XML has more than ", limits_.elements_max, " elements");
  root_seen_ = true;
  stack_.push_back(OpenElement{name, local_name_});
  pending_end_ = empty_element;
  pos_ = at;
  return Event::kStart;
}

XmlReader::Event XmlReader::ReadEndTag() {
  size_t at = pos_ + 2;
  if (stack_.empty()) return Fail(pos_, "an end tag closes no open element");
  // The usual case first: the end tag names the open element.
  const OpenElement open = stack_.back();
  const size_t end = at + open.name.size();
  if (end < doc_.size() && std::memcmp(doc_.data() + at, open.name.data(), open.name.size()) == 0 &&
      !IsNameChar(static_cast<unsigned char>(doc_[end]))) {
    at += open.name.size();
  } else {
    std::string_view name;
    if (!ReadName(at, name)) return Fail(at, "'</' is followed by no element name");
    return Fail(pos_, "</", name, "> closes <", open.name, ">");
  }
  if (at < doc_.size() && doc_[at] != '>') {
    while (at < doc_.size() && ascii::IsSpace(doc_[at])) ++at;
    if (at >= doc_.size() || doc_[at] != '>') return Fail(at, "expected '>' to end </", open.name);
  }
  stack_.pop_back();
  if (stack_.empty()) root_closed_ = true;
  name_ = open.name;
  local_name_ = open.local;
  pos_ = at + 1;
  return Event::kEnd;
}

XmlReader::Event XmlReader::ReadText(bool& report) {
  report = false;
  const unsigned char* d = reinterpret_cast<const unsigned char*>(doc_.data());
  const size_t n = doc_.size();
  const size_t text_offset = pos_;
  size_t at = pos_;
  uint8_t seen = 0;
  while (at < n) {
    const uint8_t cls = kTextTable[d[at]];
    if (cls == kTextLt) break;
    seen |= cls;
    ++at;
  }
  text_ = doc_.substr(pos_, at - pos_);
  pos_ = at;
  // Whitespace is never reported: camt values are trimmed, and indentation is most of it.
  if ((seen & (kTextAmp | kTextOther)) == 0) return Event::kText;
  if (stack_.empty()) {
    size_t first = 0;
    while (ascii::IsSpace(text_[first])) ++first;
    return Fail(text_offset + first, root_seen_ ? "text after the root element" : "text before the root element");
  }
  text_has_references_ = (seen & kTextAmp) != 0;
  if (text_has_references_) {
    decoded_.clear();
    if (!Decode(text_, text_offset, &decoded_)) return Event::kError;
  }
  report = true;
  return Event::kText;
}

XmlReader::Skip XmlReader::SkipMarkup() {
  const std::string_view rest = doc_.substr(pos_);
  if (rest.starts_with("<!--")) {
    const size_t end = rest.find("-->", 4);
    if (end == std::string_view::npos) {
      Fail(pos_, "a comment is never closed");
      return Skip::kFailed;
    }
    pos_ += end + 3;
    return Skip::kSkipped;
  }
  if (rest.starts_with("<?")) {
    const size_t end = rest.find("?>", 2);
    if (end == std::string_view::npos) {
      Fail(pos_, "a processing instruction is never closed");
      return Skip::kFailed;
    }
    const std::string_view target = rest.substr(2, 4);
    const bool declaration = target.size() == 4 && target.starts_with("xml") && ascii::IsSpace(target[3]);
    const size_t very_first = doc_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    if (declaration && pos_ != very_first) {
      Fail(pos_, "the XML declaration <?xml ...?> must be the very first thing in the file");
      return Skip::kFailed;
    }
    pos_ += end + 2;
    return Skip::kSkipped;
  }
  if (rest.starts_with("<!DOCTYPE")) {
    failed_ = true;
    error_ = MakeError(ErrorCode::kMalformedFile,
                       "the XML has a DOCTYPE declaration, which camt files never need; refused",
                       LineColumn(doc_, pos_));
    return Skip::kFailed;
  }
  return Skip::kNotMarkup;
}

XmlReader::Event XmlReader::Next() {
  if (failed_) return Event::kError;
  if (pending_end_) {
    pending_end_ = false;
    stack_.pop_back();
    if (stack_.empty()) root_closed_ = true;
    return Event::kEnd;  // name_ and local_name_ still hold the empty element's
  }
  while (true) {
    event_offset_ = pos_;
    if (pos_ >= doc_.size()) {
      if (!stack_.empty()) return Fail(pos_, "the document ends before <", stack_.back().name, "> is closed");
      if (!root_seen_) return Fail(pos_, "the document has no root element");
      return Event::kDone;
    }
    if (doc_[pos_] != '<') {
      bool report = false;
      const Event e = ReadText(report);
      if (e == Event::kError || report) return e;
      continue;
    }
    if (pos_ + 1 >= doc_.size()) return Fail(pos_, "the document ends inside a tag");
    const char c = doc_[pos_ + 1];
    if (c == '/') return ReadEndTag();
    if (c == '!' || c == '?') {
      if (doc_.substr(pos_).starts_with("<![CDATA[")) {
        if (stack_.empty()) return Fail(pos_, "a CDATA section outside the root element");
        const size_t end = doc_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return Fail(pos_, "a CDATA section is never closed");
        text_ = doc_.substr(pos_ + 9, end - pos_ - 9);
        text_has_references_ = false;
        pos_ = end + 3;
        return Event::kText;
      }
      const Skip skip = SkipMarkup();
      if (skip == Skip::kFailed) return Event::kError;
      if (skip == Skip::kNotMarkup) return Fail(pos_, "'<!' starts neither a comment nor a CDATA section");
      continue;
    }
    return ReadStartTag();
  }
}

}  // namespace recon::camt
