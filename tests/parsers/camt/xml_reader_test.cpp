// The streaming XML reader and the encoding edge: what well-formed means, where errors
// are, which limits hold, and that hostile input is refused before it costs anything.
#include "parsers/camt/xml_reader.hpp"

#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"
#include "parsers/camt/text_encoding.hpp"

namespace recon {
namespace {

using camt::XmlReader;

// The events of a document as text: "<a" start, ">a" end, "'x'" text, "!" error, "." done.
std::string Events(std::string_view doc, camt::XmlLimits limits = {}) {
  XmlReader reader(doc, limits);
  std::string out;
  while (true) {
    switch (reader.Next()) {
      case XmlReader::Event::kStart:
        out += "<" + std::string(reader.local_name());
        for (size_t i = 0; i < reader.attribute_count(); ++i) {
          out += " " + std::string(reader.attribute_name(i)) + "=" + reader.AttributeValue(i);
        }
        break;
      case XmlReader::Event::kEnd:
        out += ">" + std::string(reader.local_name());
        break;
      case XmlReader::Event::kText: {
        std::string text;
        reader.AppendText(text);
        out += "'" + text + "'";
        break;
      }
      case XmlReader::Event::kDone:
        return out + ".";
      case XmlReader::Event::kError:
        return out + "! " + reader.error().location + ": " + reader.error().message;
    }
  }
}

TEST(XmlReader, ReadsWhatCamtFilesContain) {
  EXPECT_EQ(Events("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head -->\n<a x='1' y=\"&amp;2\">"
                   "<ns:b>t&lt;1</ns:b><c/> <d>  </d><e><![CDATA[<raw>]]></e><?pi data?></a>\n<!-- tail -->\n"),
            "<a x=1 y=&2<b't<1'>b<c>c<d>d<e'<raw>'>e>a.");
}

struct Malformed {
  const char* name;
  std::string doc;
  const char* says;  // in "location: message"
};

TEST(XmlReader, RefusesWhatIsNotWellFormedAndSaysWhere) {
  const Malformed cases[] = {
      {"mismatched end", "<a>\n  <b></c></a>", "line 2, column 6: the XML is not well-formed: </c> closes <b>"},
      {"unclosed", "<a><b>", "the document ends before <b> is closed"},
      {"empty", "", "no root element"},
      {"two roots", "<a/><b/>", "a second root element"},
      {"text outside", "<a/>junk", "text after the root element"},
      {"text before", "junk<a/>", "text before the root element"},
      {"bad entity", "<a>&nbsp;</a>", "'&nbsp;' is no XML reference"},
      {"bare ampersand", "<a>R&D</a>", "'&' starts no reference"},
      {"char ref zero", "<a>&#0;</a>", "is no XML reference"},
      {"char ref surrogate", "<a>&#xD800;</a>", "is no XML reference"},
      {"attribute twice", "<a x='1' x='2'/>", "appears twice"},
      {"attribute without quotes", "<a x=1/>", "quoted value"},
      {"attribute without space", "<a x='1'y='2'/>", "space before the attribute"},
      {"lt in attribute", "<a x='<'/>", "'<' inside the value"},
      {"no name", "<a>< b/></a>", "no element name"},
      {"declaration later", "<a><?xml version='1.0'?></a>", "very first thing"},
      {"unclosed comment", "<a><!-- </a>", "comment is never closed"},
      {"unclosed cdata", "<a><![CDATA[ </a>", "CDATA section is never closed"},
      {"cdata outside", "<![CDATA[x]]><a/>", "outside the root"},
      {"bang", "<a><!ELEMENT a ANY></a>", "neither a comment nor a CDATA"},
      {"doctype", "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DOCTYPE"},
      {"cut in a tag", "<a><b", "never closed"},
  };
  for (const Malformed& c : cases) {
    const std::string events = Events(c.doc);
    EXPECT_NE(events.find(c.says), std::string::npos) << c.name << ": " << events;
    EXPECT_NE(events.find("!"), std::string::npos) << c.name;
  }
}

TEST(XmlReader, LimitsHoldWithoutRecursion) {
  camt::XmlLimits limits;
  limits.depth_max = 3;
  EXPECT_EQ(Events("<a><b><c/></b></a>", limits), "<a<b<c>c>b>a.");
  EXPECT_NE(Events("<a><b><c><d/></c></b></a>", limits).find("deeper than 3"), std::string::npos);
  limits = {};
  limits.elements_max = 3;
  EXPECT_NE(Events("<a><b/><c/><d/></a>", limits).find("more than 3 elements"), std::string::npos);
  limits = {};
  limits.attributes_max = 2;
  EXPECT_NE(Events("<a x='1' y='2' z='3'/>", limits).find("more than 2 attributes"), std::string::npos);
  // A million nested elements: refused at the limit, quickly, on a small stack.
  std::string deep;
  for (int i = 0; i < 1'000'000; ++i) deep += "<a>";
  EXPECT_NE(Events(deep).find("deeper than 64"), std::string::npos);
}

struct EncodingCase {
  const char* name;
  std::string doc;
  std::optional<std::string> remittance;  // nullopt: refused
  const char* says;
};

std::string WithUstrd(const std::string& declaration, const std::string& text) {
  const std::string doc = testing::CamtDocument(testing::CamtReport(testing::CamtEntry(
      "1.00", "CRDT", "<TxDtls><RmtInf><Ustrd>" + text + "</Ustrd></RmtInf></TxDtls>")));
  return declaration + doc.substr(doc.find("?>") + 2);
}

TEST(XmlReader, EncodingsAreTurnedIntoUtf8AtTheEdge) {
  const EncodingCase cases[] = {
      {"UTF-8", WithUstrd("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "Bj\xC3\xB8rn"), "Bj\xC3\xB8rn", ""},
      {"ISO-8859-1", WithUstrd("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Bj\xF8rn"), "Bj\xC3\xB8rn", ""},
      {"ISO-8859-15", WithUstrd("<?xml version='1.0' encoding='iso-8859-15'?>", "\xA4 5"), "\xE2\x82\xAC 5", ""},
      {"Windows-1252", WithUstrd("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "\x80 5 \x93q\x94"),
       "\xE2\x82\xAC 5 \xE2\x80\x9Cq\xE2\x80\x9D", ""},
      {"Latin-1 declared as UTF-8", WithUstrd("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "Bj\xF8rn"), std::nullopt,
       "not valid UTF-8"},
      {"overlong UTF-8", WithUstrd("<?xml version=\"1.0\"?>", "\xC0\xAF"), std::nullopt, "not valid UTF-8"},
      {"control character", WithUstrd("<?xml version=\"1.0\"?>", "a\x01z"), std::nullopt, "control character 0x01"},
      {"EBCDIC", WithUstrd("<?xml version=\"1.0\" encoding=\"IBM037\"?>", "x"), std::nullopt, "'IBM037'"},
      {"UTF-16", "\xFF\xFE<\0?\0", std::nullopt, "UTF-16"},
  };
  for (const EncodingCase& c : cases) {
    auto file = testing::ParseCamtText(c.doc);
    if (c.remittance) {
      ASSERT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
      EXPECT_EQ(file->statements[0].lines[0].remittance_info, *c.remittance) << c.name;
    } else {
      ASSERT_FALSE(file.ok()) << c.name;
      EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile) << c.name;
      EXPECT_NE(file.error().ToString().find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
    }
  }
}

TEST(XmlReader, SizeIsCheckedBeforeAnythingElse) {
  ParseOptions options;
  options.file_bytes_max = 10;
  auto file = testing::ParseCamtText("<Document>" + std::string(100, ' ') + "</Document>", options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(file.error().message.find("the limit is 10"), std::string::npos);
}

TEST(XmlReader, ErrorLocationsCountCharactersNotBytes) {
  EXPECT_EQ(XmlReader::LineColumn("\xC3\xB8\xC3\xB8x", 4), "line 1, column 3");
  EXPECT_EQ(XmlReader::LineColumn("a\nbc", 3), "line 2, column 2");
}

}  // namespace
}  // namespace recon
