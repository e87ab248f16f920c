// Character sets and the header in front of <OFX>.
#include <gtest/gtest.h>

#include "parsers/ofx/ofx_charset.hpp"
#include "parsers/ofx/ofx_header.hpp"

namespace recon::ofx {
namespace {

struct DecodeCase {
  const char* name;
  std::string bytes;
  Charset declared;
  std::string utf8;
  const char* note;  // part of the note, or nullptr when no note is expected
};

TEST(OfxCharset, ConvertsToUtf8AndLetTheBytesOverruleTheHeader) {
  const DecodeCase cases[] = {
      {"ascii", "abc", Charset::kWindows1252, "abc", nullptr},
      {"1252 letters", "Soci\xE9t\xE9 \x80 \x9C", Charset::kWindows1252, "Soci\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xC5\x93",
       nullptr},
      {"undefined 1252 bytes", "\x81\x8D", Charset::kWindows1252, "\xC2\x81\xC2\x8D", nullptr},
      {"latin-9 euro", "\xA4 \xBD", Charset::kIso885915, "\xE2\x82\xAC \xC5\x93", nullptr},
      {"utf-8 as declared", "Caf\xC3\xA9", Charset::kUtf8, "Caf\xC3\xA9", nullptr},
      {"utf-8 under a 1252 header (Banco do Brasil)", "CR\xC3\x89" "DITO", Charset::kWindows1252,
       "CR\xC3\x89" "DITO", "bytes are UTF-8"},
      {"1252 under a utf-8 header", "Caf\xE9", Charset::kUtf8, "Caf\xC3\xA9", "not UTF-8"},
      {"high bytes under an ascii header", "Caf\xE9", Charset::kAscii, "Caf\xC3\xA9", "not ASCII"},
      {"no header, not utf-8", "Caf\xE9", Charset::kUnspecified, "Caf\xC3\xA9", "names no character set"},
      {"no header, utf-8", "Caf\xC3\xA9", Charset::kUnspecified, "Caf\xC3\xA9", nullptr},
      {"overlong utf-8 is not utf-8", "\xC0\xAF", Charset::kUtf8, "\xC3\x80\xC2\xAF", "not UTF-8"},
      {"surrogate is not utf-8", "\xED\xA0\x80", Charset::kUtf8, "\xC3\xAD\xC2\xA0\xE2\x82\xAC", "not UTF-8"},
      {"cut utf-8 sequence", "ab\xE2\x82", Charset::kUtf8, "ab\xC3\xA2\xE2\x80\x9A", "not UTF-8"},
  };
  for (const DecodeCase& c : cases) {
    const Decoded d = DecodeToUtf8(c.bytes, c.declared, "LABEL");
    EXPECT_EQ(d.text, c.utf8) << c.name;
    EXPECT_TRUE(IsValidUtf8(d.text)) << c.name;
    if (c.note) {
      ASSERT_TRUE(d.note.has_value()) << c.name;
      EXPECT_NE(d.note->find(c.note), std::string::npos) << c.name << ": " << *d.note;
    } else {
      EXPECT_FALSE(d.note.has_value()) << c.name << ": " << d.note.value_or("");
    }
  }
}

TEST(OfxCharset, KnowsTheLabelsBanksWrite) {
  EXPECT_EQ(CharsetFromLabel("1252"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("iso-8859-1"), Charset::kWindows1252);
  EXPECT_EQ(CharsetFromLabel("ISO-8859-15"), Charset::kIso885915);
  EXPECT_EQ(CharsetFromLabel("utf-8"), Charset::kUtf8);
  EXPECT_EQ(CharsetFromLabel("CSUNICODE"), Charset::kUtf8);
  EXPECT_EQ(CharsetFromLabel("US-ASCII"), Charset::kAscii);
  EXPECT_EQ(CharsetFromLabel("NONE"), Charset::kUnspecified);
  EXPECT_EQ(CharsetFromLabel(""), Charset::kUnspecified);
  EXPECT_EQ(CharsetFromLabel("437"), std::nullopt);
  EXPECT_EQ(CharsetFromLabel("SHIFT_JIS"), std::nullopt);
}

const std::string kSgmlHeader =
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
    "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";

struct HeaderCase {
  const char* name;
  std::string bytes;
  OfxHeader::Kind kind;
  const char* version;
  Charset charset;
};

TEST(OfxHeader, ReadsBothHeaderFormsAndNone) {
  const HeaderCase cases[] = {
      {"sgml", kSgmlHeader + "<OFX>", OfxHeader::Kind::kSgml, "102", Charset::kWindows1252},
      {"sgml with blank lines and spaces", "\n\n OFXHEADER : 100\n\nVERSION:103\n\nCHARSET:ISO-8859-1\n<OFX>",
       OfxHeader::Kind::kSgml, "103", Charset::kWindows1252},
      {"sgml utf-8", "OFXHEADER:100\nENCODING:UTF-8\nCHARSET:NONE\n<OFX>", OfxHeader::Kind::kSgml, "",
       Charset::kUtf8},
      {"sgml ascii", "OFXHEADER:100\nENCODING:USASCII\nCHARSET:NONE\n<OFX>", OfxHeader::Kind::kSgml, "",
       Charset::kAscii},
      {"sgml CR CR LF (Vanguard)", "OFXHEADER:100\r\r\nVERSION:102\r\r\nCHARSET:1252\r\r\n\r\r\n<OFX>",
       OfxHeader::Kind::kSgml, "102", Charset::kWindows1252},
      {"xml", "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n<OFX>",
       OfxHeader::Kind::kXml, "211", Charset::kAscii},
      {"xml single quotes, comment", "<?xml version='1.0' encoding='ISO-8859-1'?><!-- c --><?OFX VERSION='200'?><OFX>",
       OfxHeader::Kind::kXml, "200", Charset::kWindows1252},
      {"xml without encoding is utf-8", "<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\" VERSION=\"220\"?><OFX>",
       OfxHeader::Kind::kXml, "220", Charset::kUtf8},
      {"no header", "\r\n\r\n<OFX>", OfxHeader::Kind::kNone, "", Charset::kUnspecified},
      {"odd version is dropped", "OFXHEADER:100\nVERSION:1.02\n<OFX>", OfxHeader::Kind::kSgml, "",
       Charset::kUnspecified},
      {"<OFX with attributes", "<OFX xmlns=\"x\">", OfxHeader::Kind::kNone, "", Charset::kUnspecified},
  };
  for (const HeaderCase& c : cases) {
    auto h = ReadHeader(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name << ": " << h.error().ToString();
    EXPECT_EQ(h->kind, c.kind) << c.name;
    EXPECT_EQ(h->version, c.version) << c.name;
    EXPECT_EQ(h->charset, c.charset) << c.name;
    EXPECT_EQ(h->body_offset, c.bytes.rfind("<OFX")) << c.name;
  }
}

struct BadHeader {
  const char* name;
  std::string bytes;
  ErrorCode code;
  const char* location;
  const char* says;
};

TEST(OfxHeader, RefusesWhatIsNoOfxHeader) {
  const BadHeader cases[] = {
      {"no body", "OFXHEADER:100\nDATA:OFXSGML\n", ErrorCode::kUnsupportedFormat, "byte 0", "no <OFX>"},
      {"only <OFXHEADER>", "<OFXHEADER>100</OFXHEADER>", ErrorCode::kUnsupportedFormat, "byte 0", "no <OFX>"},
      {"libofx <START> header", "<START><OFXHEADER>100</OFXHEADER></START>\n and remove blank line\n<OFX>",
       ErrorCode::kMalformedFile, "line 1", "neither a 'KEY:VALUE' line"},
      {"line without colon", "OFXHEADER:100\nhello\n<OFX>", ErrorCode::kMalformedFile, "line 2", "'hello'"},
      {"empty key", "OFXHEADER:100\n:100\n<OFX>", ErrorCode::kMalformedFile, "line 2", "KEY:VALUE"},
      {"compressed", "OFXHEADER:100\nCOMPRESSION:ZIP\n<OFX>", ErrorCode::kMalformedFile, "line 2", "COMPRESSION:ZIP"},
      {"unknown charset", "OFXHEADER:100\nENCODING:USASCII\nCHARSET:437\n<OFX>", ErrorCode::kMalformedFile, "line 3",
       "'437'"},
      {"unknown xml encoding", "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><OFX>", ErrorCode::kMalformedFile, "line 1",
       "'EBCDIC'"},
      {"doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE OFX [<!ENTITY x \"y\">]>\n<OFX>", ErrorCode::kMalformedFile,
       "line 2", "DOCTYPE"},
      {"declaration not closed", "<?xml version=\"1.0\" <OFX>", ErrorCode::kMalformedFile, "line 1", "'?>'"},
      {"declaration not pairs", "<?xml version=1.0?><OFX>", ErrorCode::kMalformedFile, "line 1", "name=\"value\""},
      {"comment not closed", "<!-- <OFX>", ErrorCode::kMalformedFile, "line 1", "-->"},
      {"binary junk", "OFXHEADER:100\n\x01\x02\n<OFX>", ErrorCode::kMalformedFile, "line 2", "'?" "?'"},
  };
  for (const BadHeader& c : cases) {
    auto h = ReadHeader(c.bytes);
    ASSERT_FALSE(h.ok()) << c.name;
    EXPECT_EQ(h.error().code, c.code) << c.name << ": " << h.error().ToString();
    EXPECT_EQ(h.error().location, c.location) << c.name << ": " << h.error().ToString();
    EXPECT_NE(h.error().message.find(c.says), std::string::npos) << c.name << ": " << h.error().message;
  }
}

TEST(OfxHeader, FindsTheBodyOnlyAtARealOfxTag) {
  EXPECT_EQ(FindBody("<OFX>"), 0u);
  EXPECT_EQ(FindBody("<?OFX x?><ofx>"), 9u);
  EXPECT_EQ(FindBody("<OFXHEADER>1</OFXHEADER><OFX\n>"), 24u);
  EXPECT_EQ(FindBody("<OFX"), std::string::npos);
  EXPECT_EQ(FindBody("hello"), std::string::npos);
}

}  // namespace
}  // namespace recon::ofx
