// The tolerant SGML/XML reader: which shapes it builds, and where it refuses.
#include "parsers/ofx/ofx_tree.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace recon::ofx {
namespace {

// "OFX(A=1 B(C=x))": every element with its value or its children; no recursion needed
// for the small trees of these tests, but the walk mirrors the reader's own stack.
std::string Dump(const Tree& tree) {
  std::string out;
  struct Item {
    uint32_t node;
    bool close;
  };
  std::vector<Item> stack = {{0, false}};
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    if (item.close) {
      out += ")";
      continue;
    }
    const Node& n = tree.node(item.node);
    if (!out.empty() && out.back() != '(') out += " ";
    out += std::string(n.name);
    if (n.first_child == kNoNode) {
      if (!n.text.empty()) out += "=" + std::string(n.text);
      continue;
    }
    out += "(";
    stack.push_back({0, true});
    std::vector<uint32_t> children;
    for (uint32_t c = n.first_child; c != kNoNode; c = tree.node(c).next_sibling) children.push_back(c);
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, false});
  }
  return out;
}

Result<Tree> Build(const std::string& body, TreeLimits limits = {}) { return Tree::Build(body, 0, limits); }

struct Shape {
  const char* name;
  std::string body;
  const char* tree;
};

TEST(OfxTree, ReadsSgmlAndXmlAlike) {
  const Shape cases[] = {
      {"xml", "<OFX><A>1</A><B><C>x</C></B></OFX>", "OFX(A=1 B(C=x))"},
      {"sgml leaves", "<OFX><A>1<B><C>x</B></OFX>", "OFX(A=1 B(C=x))"},
      {"lower case tags", "<ofx><a>1</A><B><c>x</b></OFX>", "OFX(A=1 B(C=x))"},
      {"new lines and tabs", "<OFX>\r\n\t<A>1\r\n\t<B>\r\n\t\t<C> x y \r\n\t</B>\r\n</OFX>\r\n",
       "OFX(A=1 B(C=x y))"},
      {"empty known leaf", "<OFX><X><BALAMT><DTASOF>20260101</X></OFX>", "OFX(X(BALAMT DTASOF=20260101))"},
      {"empty xml leaf", "<OFX><FOO></FOO><MEMO/><BAR>1</BAR></OFX>", "OFX(FOO MEMO BAR=1)"},
      {"entities", "<OFX><NAME>A &amp; B &lt;C&gt; &quot;D&quot; &#233;&#xE9; &apos;</NAME></OFX>",
       "OFX(NAME=A & B <C> \"D\" \xC3\xA9\xC3\xA9 ')"},
      {"bare ampersand", "<OFX><NAME>GROCER A & Z &unknown; &#0; &#xD800;</OFX>",
       "OFX(NAME=GROCER A & Z &unknown; &#0; &#xD800;)"},
      {"cdata", "<OFX><NAME><![CDATA[ <b> & c ]]></NAME></OFX>", "OFX(NAME=<b> & c)"},
      {"comments", "<OFX><!-- c --><CODE>0   <!-- OK -->\n<SEVERITY>INFO</OFX><!-- end -->",
       "OFX(CODE=0 SEVERITY=INFO)"},
      {"value split by a comment", "<OFX><NAME>A <!-- x --> B</NAME></OFX>", "OFX(NAME=A  B)"},
      {"processing instruction", "<OFX><?pi x?><A>1</A></OFX>", "OFX(A=1)"},
      {"attributes ignored", "<OFX xmlns=\"x\"><A id='1'>v</A></OFX>", "OFX(A=v)"},
      {"missing STMTTRN end tag",
       "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><FITID>1<STMTTRN><FITID>2</BANKTRANLIST>"
       "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
       "OFX(BANKMSGSRSV1(STMTTRNRS(STMTRS(BANKTRANLIST(STMTTRN(FITID=1) STMTTRN(FITID=2))))))"},
      {"missing BANKTRANLIST end tag (Nubank)",
       "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><BANKTRANLIST><STMTTRN><FITID>1</STMTTRN>"
       "<LEDGERBAL><BALAMT>1</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>",
       "OFX(CREDITCARDMSGSRSV1(CCSTMTTRNRS(CCSTMTRS(BANKTRANLIST(STMTTRN(FITID=1)) LEDGERBAL(BALAMT=1)))))"},
      {"missing PAYEE end tag",
       "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><PAYEE><NAME>N<MEMO>M</STMTTRN>"
       "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
       "OFX(BANKMSGSRSV1(STMTTRNRS(STMTRS(BANKTRANLIST(STMTTRN(PAYEE(NAME=N) MEMO=M))))))"},
      {"unknown extension stays inside",
       "<OFX><STATUS><CODE>0<INTU.X>1</STATUS></OFX>", "OFX(STATUS(CODE=0 INTU.X=1))"},
      {"aggregate closed by an ancestor", "<OFX><A><B><C>1</A><D>2</OFX>", "OFX(A(B(C=1)) D=2)"},
      {"self-closing root", "<OFX/>", "OFX"},
      {"trailing white space and comment", "<OFX></OFX>\r\n  <!-- x -->\n", "OFX"},
  };
  for (const Shape& c : cases) {
    auto tree = Build(c.body);
    ASSERT_TRUE(tree.ok()) << c.name << ": " << tree.error().ToString();
    EXPECT_EQ(Dump(*tree), c.tree) << c.name;
  }
}

struct Refusal {
  const char* name;
  std::string body;
  ErrorCode code;
  const char* location;
  const char* says;
};

TEST(OfxTree, RefusesBrokenBodiesAndNamesThePlace) {
  std::string deep = "<OFX>";
  for (int i = 0; i < 70; ++i) deep += "<A>";
  const Refusal cases[] = {
      {"cut off", "<OFX>\n<A>\n<B>1", ErrorCode::kMalformedFile, "line 3, column 5", "ends inside <A> (line 2)"},
      {"unclosed root", "<OFX>", ErrorCode::kMalformedFile, "line 1, column 6", "ends inside <OFX>"},
      {"stray end tag", "<OFX>\n<A>1\n</B>\n</OFX>", ErrorCode::kMalformedFile, "line 3, column 1",
       "</B> closes nothing"},
      {"text in aggregate", "<OFX>\n<PAYEE>*snipped*</PAYEE></OFX>", ErrorCode::kMalformedFile,
       "line 2, column 8", "'*snipped*' stands directly inside <PAYEE>"},
      {"text between elements", "<OFX><A><B>1</B>junk<C>2</C></A></OFX>", ErrorCode::kMalformedFile,
       "line 1, column 17", "'junk' stands directly inside <A>"},
      {"lone <", "<OFX><MEMO>a < b</MEMO></OFX>", ErrorCode::kMalformedFile, "line 1, column 14", "&lt;"},
      {"<< ", "<OFX>\n<<OFX>", ErrorCode::kMalformedFile, "line 2, column 1", "does not start a tag"},
      {"tag not closed", "<OFX><STATUSCODE>0<OFX\n<<USEDE0", ErrorCode::kMalformedFile, "line 1, column 19",
       "<OFX is not closed by '>'"},
      {"end tag not closed", "<OFX></OFX", ErrorCode::kMalformedFile, "line 1, column 6", "</OFX is not closed"},
      {"end tag without name", "<OFX></ >", ErrorCode::kMalformedFile, "line 1, column 6", "tag name"},
      {"doctype", "<OFX><!DOCTYPE x [<!ENTITY a 'b'>]></OFX>", ErrorCode::kMalformedFile, "line 1, column 6",
       "DOCTYPE"},
      {"comment not closed", "<OFX><!-- x </OFX>", ErrorCode::kMalformedFile, "line 1, column 6", "-->"},
      {"cdata not closed", "<OFX><A><![CDATA[x</A></OFX>", ErrorCode::kMalformedFile, "line 1, column 9", "]]>"},
      {"pi not closed", "<OFX><?x </OFX>", ErrorCode::kMalformedFile, "line 1, column 6", "?>"},
      {"quote not closed", "<OFX><A x=\"1></A></OFX>", ErrorCode::kMalformedFile, "line 1, column 6",
       "not closed by '>'"},
      {"second root", "<OFX></OFX><OFX></OFX>", ErrorCode::kMalformedFile, "line 1, column 12", "after </OFX>"},
      {"text after root", "<OFX></OFX>\ngarbage", ErrorCode::kMalformedFile, "line 2, column 1", "after </OFX>"},
      {"end tag after root", "<OFX></OFX></OFX>", ErrorCode::kMalformedFile, "line 1, column 12", "after </OFX>"},
      {"STMTTRN outside a list", "<OFX><X><STMTTRN></STMTTRN></X></OFX>", ErrorCode::kMalformedFile,
       "line 1, column 9", "<STMTTRN> stands outside <BANKTRANLIST> or <INVBANKTRAN>"},
      {"statement outside its wrapper", "<OFX><BANKMSGSRSV1><STMTRS></STMTRS></BANKMSGSRSV1></OFX>",
       ErrorCode::kMalformedFile, "line 1, column 20", "outside <STMTTRNRS>"},
      {"too deep", deep, ErrorCode::kLimitExceeded, "line 1, column 195", "deeper than 64"},
      {"columns count characters", "<OFX><NAME>\xC3\xA9\xC3\xA9</X></OFX>", ErrorCode::kMalformedFile,
       "line 1, column 14", "</X> closes nothing"},
  };
  for (const Refusal& c : cases) {
    auto tree = Build(c.body);
    ASSERT_FALSE(tree.ok()) << c.name << ": " << Dump(*tree);
    EXPECT_EQ(tree.error().code, c.code) << c.name << ": " << tree.error().ToString();
    EXPECT_EQ(tree.error().location, c.location) << c.name << ": " << tree.error().ToString();
    EXPECT_NE(tree.error().message.find(c.says), std::string::npos) << c.name << ": " << tree.error().message;
  }
}

TEST(OfxTree, ElementLimitIsChecked) {
  std::string body = "<OFX>";
  for (int i = 0; i < 20; ++i) body += "<A>1</A>";
  body += "</OFX>";
  auto tree = Build(body, TreeLimits{64, 10});
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(tree.error().message.find("more than 10 elements"), std::string::npos);
  EXPECT_TRUE(Build(body, TreeLimits{64, 21}).ok());
}

TEST(OfxTree, JoinsAValueCutIntoManyPiecesInLinearTime) {
  // Regression: each piece of a value cut by comments was joined into a fresh copy of the
  // whole value so far, so 200,000 pieces cost about 20 GB. One buffer per value now.
  constexpr int kPieces = 200'000;
  std::string body = "<OFX><MEMO>";
  for (int i = 0; i < kPieces; ++i) body += "a<!---->";
  body += "</OFX>";
  auto tree = Build(body);
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  EXPECT_EQ(tree->ChildText(tree->root(), "MEMO"), std::string(kPieces, 'a'));
}

TEST(OfxTree, NavigatesChildrenAndKeepsPlaces) {
  auto tree = Build("<OFX>\n  <A>1\n  <B>2</B>\n  <A>3\n</OFX>");
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->ChildText(tree->root(), "A"), "1");
  EXPECT_EQ(tree->ChildText(tree->root(), "B"), "2");
  EXPECT_EQ(tree->ChildText(tree->root(), "C"), "");
  EXPECT_EQ(tree->Child(tree->root(), "C"), nullptr);
  std::vector<std::string> places;
  tree->ForEachChild(tree->root(), [&](const Node& n) { places.push_back(std::string(n.name) + "@" + tree->Where(n)); });
  EXPECT_EQ(places, (std::vector<std::string>{"A@line 2, column 3", "B@line 3, column 3", "A@line 4, column 3"}));
  // Moving the tree keeps the values valid: they point into storage the tree owns.
  Tree moved = std::move(*tree);
  EXPECT_EQ(moved.ChildText(moved.root(), "B"), "2");
}

}  // namespace
}  // namespace recon::ofx
