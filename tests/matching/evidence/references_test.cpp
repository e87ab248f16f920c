#include "matching/evidence/references.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/matching/evidence/print.hpp"

namespace recon::matching {
namespace {

using K = ReferenceKind;

std::string Show(const std::vector<StructuredReference>& refs) {
  std::string s = "[";
  for (const auto& r : refs) s += std::string(ReferenceKindName(r.kind)) + ":" + r.canonical + " ";
  return s + "]";
}

struct Expect {
  K kind;
  const char* canonical;
};

struct Case {
  const char* name;
  const char* text;
  std::vector<Expect> refs;  // exactly these, in this order
};

void CheckTable(const Case* begin, const Case* end, std::vector<StructuredReference> (*fn)(std::string_view)) {
  for (const Case* c = begin; c != end; ++c) {
    const auto got = fn(c->text);
    std::vector<StructuredReference> want;
    for (const Expect& e : c->refs) want.push_back({e.kind, e.canonical});
    EXPECT_EQ(got, want) << c->name << ": \"" << c->text << "\" gave " << Show(got);
  }
}

TEST(ValidateReference, Table) {
  const Case cases[] = {
      // RF: the prefix decides.
      {"rf", "RF18539007547034", {{K::kRf, "RF18539007547034"}}},
      {"rf print groups", "RF18 5390 0754 7034", {{K::kRf, "RF18539007547034"}}},
      {"rf lower case", "rf18 5390 0754 7034", {{K::kRf, "RF18539007547034"}}},
      {"rf dashes and padding", "  RF18-5390-0754-7034 ", {{K::kRf, "RF18539007547034"}}},
      {"rf alphanumeric", "rf98 inv2 0260 0012 3", {{K::kRf, "RF98INV2026000123"}}},
      {"rf longest body", "RF40 1234 5678 9012 3456 7890 1", {{K::kRf, "RF40123456789012345678901"}}},
      {"rf finnish form", "RF11 1232", {{K::kRf, "RF111232"}}},
      // Belgian: the wrapping decides.
      {"ogm", "+++090/9337/55493+++", {{K::kBelgianOgm, "090933755493"}}},
      {"ogm stars", "***090/9337/55493***", {{K::kBelgianOgm, "090933755493"}}},
      {"ogm spaced", "+++ 090 / 9337 / 55493 +++", {{K::kBelgianOgm, "090933755493"}}},
      {"ogm bare", "090/9337/55493", {{K::kBelgianOgm, "090933755493"}}},
      {"ogm remainder 0", "+++000/0000/09797+++", {{K::kBelgianOgm, "000000009797"}}},
      // FIK: the code line decides; the creditor number is not part of the reference.
      {"fik 71 line", "+71<000000001234566+12345678<", {{K::kFik, "71000000001234566"}}},
      {"fik 71 spaced", "+71 000000001234566 +12345678", {{K::kFik, "71000000001234566"}}},
      {"fik 71 no creditor", "+71<000000001234566", {{K::kFik, "71000000001234566"}}},
      {"fik 75 line", "+75<0000000012345674+12345678<", {{K::kFik, "750000000012345674"}}},
      {"fik as written", "71000000001234566", {{K::kFik, "71000000001234566"}}},
      // Digits: every kind whose check holds, most specific first.
      {"swiss qr", "210000000003139471430009017", {{K::kSwissQr, "210000000003139471430009017"}}},
      {"swiss qr print groups", "21 00000 00003 13947 14300 09017", {{K::kSwissQr, "210000000003139471430009017"}}},
      {"bare 15 digits are a fik id",
       "000000001234566",
       {{K::kFik, "71000000001234566"}, {K::kKid, "000000001234566"}, {K::kOcr, "000000001234566"}}},
      {"bare 16 digits are a fik id",
       "0000000012345674",
       {{K::kFik, "750000000012345674"}, {K::kKid, "0000000012345674"}, {K::kOcr, "0000000012345674"}}},
      {"finnish", "1232", {{K::kFinnish, "1232"}}},
      {"finnish print groups", "1234 5672", {{K::kFinnish, "12345672"}}},
      {"kid mod10 is also ocr", "1234567890128", {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}}},
      {"kid from the scenario", "3000000012", {{K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      {"kid mod11", "123456789018", {{K::kKid, "123456789018"}}},
      {"kid mod11 dash check", "100008-", {{K::kKid, "100008-"}}},
      {"a trailing dash that is no check is a separator", "1000004-", {{K::kKid, "1000004"}}},
      {"ocr", "4005 0000 1237", {{K::kKid, "400500001237"}, {K::kOcr, "400500001237"}}},
      {"finnish, kid and ocr", "1234574", {{K::kFinnish, "1234574"}, {K::kKid, "1234574"}, {K::kOcr, "1234574"}}},
      {"belgian and finnish", "000000009797", {{K::kBelgianOgm, "000000009797"}, {K::kFinnish, "000000009797"}}},
      // Not references.
      {"empty", "", {}},
      {"blank", "   ", {}},
      {"rf wrong check", "RF19539007547034", {}},
      {"rf transposed", "RF18539007547043", {}},
      {"rf zeros, wrong check", "RF18 0000 0000 0000 0000 0000 0", {}},
      {"rf zeros, right check", "RF04 0000 0000 0000 0000 0000 0", {}},
      {"rf body too long", "RF40 1234 5678 9012 3456 7890 12", {}},
      {"rf check 00", "RF00539007547034", {}},
      {"rf alone", "RF", {}},
      {"rf with punctuation", "RF18539007547034!", {}},
      {"ogm wrong check", "+++090/9337/55494+++", {}},
      {"ogm transposed", "+++900/9337/55493+++", {}},
      {"ogm wrapped, 11 digits", "+++090/9337/5549+++", {}},
      {"ogm wrapped but a kid", "+++1234567890128+++", {}},
      {"fik 71 wrong check", "+71<000000001234565+12345678<", {}},
      {"fik 71 with a 16-digit id", "+71<0000000012345674+12345678<", {}},
      {"fik 73 has no id", "+73<+12345678<", {}},
      {"fik 75 wrong check", "+75<0000000012345675+12345678<", {}},
      {"swiss qr wrong check", "210000000003139471430009018", {}},
      {"swiss qr transposed", "210000000003139471430009107", {}},
      {"swiss zeros", "000000000000000000000000000", {}},
      {"finnish wrong check", "1233", {}},
      {"finnish transposed", "21345672", {}},
      {"kid wrong check", "1234567890127", {}},
      {"kid transposed", "1234567890182", {}},
      {"kid mod11 transposed", "123456789081", {}},
      {"scenario kid wrong check", "3000000021", {}},
      {"zeros", "0000000000", {}},
      {"too long", "1234567890123456789012345678", {}},
      {"letters in digits", "12345A7890128", {}},
      {"label is not tolerated in the whole text", "KID 1234567890128", {}},
      {"document number", "INV-2026-000123", {}},
      {"one digit", "8", {}},
  };
  CheckTable(std::begin(cases), std::end(cases), ValidateReference);
}

TEST(FindReferences, Table) {
  const Case cases[] = {
      {"rf in print groups", "Payment RF18 5390 0754 7034 thanks", {{K::kRf, "RF18539007547034"}}},
      {"rf glued to a slash", "RF18539007547034/INV", {{K::kRf, "RF18539007547034"}}},
      {"rf lower case", "betaling rf18539007547034.", {{K::kRf, "RF18539007547034"}}},
      {"rf spaced prefix", "ref RF 18 5390 0754 7034", {{K::kRf, "RF18539007547034"}}},
      {"rf in an end-to-end id", "RF18539007547034", {{K::kRf, "RF18539007547034"}}},
      {"rf in parentheses", "(RF18539007547034)", {{K::kRf, "RF18539007547034"}}},
      {"rf then a word of four", "RF18 5390 0754 7034 fine", {{K::kRf, "RF18539007547034"}}},
      {"rf then an amount", "RF18 5390 0754 7034 1250,00 EUR", {{K::kRf, "RF18539007547034"}}},
      {"two rfs", "RF18539007547034 and RF111232", {{K::kRf, "RF18539007547034"}, {K::kRf, "RF111232"}}},
      {"belgian", "Mededeling +++090/9337/55493+++ factuur", {{K::kBelgianOgm, "090933755493"}}},
      {"belgian stars", "***090/9337/55493***", {{K::kBelgianOgm, "090933755493"}}},
      {"belgian spaced",
       "+++ 090/9337/55493 +++ KID 3000000012",
       {{K::kBelgianOgm, "090933755493"}, {K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      {"belgian unclosed, then a kid",
       "+++090/9337/55493 3000000012",
       {{K::kBelgianOgm, "090933755493"}, {K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      {"belgian unwrapped", "VCS 090/9337/55493", {{K::kBelgianOgm, "090933755493"}}},
      {"fik line", "FIK +71<000000001234566+12345678<", {{K::kFik, "71000000001234566"}}},
      {"fik spaced", "betaling +71 000000001234566 +12345678", {{K::kFik, "71000000001234566"}}},
      {"kid after a label", "KID: 1234567890128", {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}}},
      {"kid glued to its label", "KID1234567890128", {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}}},
      {"kid in print groups", "KID 1234 5678 9012 8", {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}}},
      {"ocr in print groups", "OCR 4005 0000 1237", {{K::kKid, "400500001237"}, {K::kOcr, "400500001237"}}},
      {"kid mod11 with dash", "KID 100008- takk", {{K::kKid, "100008-"}}},
      {"bare kid", "Faktura 3000000012 betalt", {{K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      {"swiss qr print groups",
       "Referenz 21 00000 00003 13947 14300 09017",
       {{K::kSwissQr, "210000000003139471430009017"}}},
      {"finnish after a label", "Viite 1232", {{K::kFinnish, "1232"}}},
      {"finnish print groups", "viitenumero 1234 5672", {{K::kFinnish, "12345672"}}},
      {"end of sentence", "Paid with KID 1234567890128.", {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}}},
      {"two numbers side by side are not glued",
       "KID 1234567890128 3000000012",
       {{K::kKid, "1234567890128"}, {K::kOcr, "1234567890128"}, {K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      // A reference in the wrong field is still found.
      {"kid in remittance text", "Betaling KID 3000000012", {{K::kKid, "3000000012"}, {K::kOcr, "3000000012"}}},
      {"rf as the whole end-to-end id", "rf18539007547034", {{K::kRf, "RF18539007547034"}}},
      {"belgian in an end-to-end id", "VCS090933755493", {{K::kBelgianOgm, "090933755493"}}},
      // Nothing to find.
      {"rf wrong check", "Payment RF19 5390 0754 7034 thanks", {}},
      {"rf wrong check in groups", "RF18 5390 0754 7035", {}},
      {"rf cut short", "rf18 5390 0754 703", {}},
      {"rf going on into a number", "RF2026-000123", {}},
      {"belgian too short", "+++090/9337/5549+++", {}},
      {"belgian unwrapped wrong check", "090/9337/55494", {}},
      {"belgian unwrapped in a longer number", "1/090/9337/55493", {}},
      {"fik 75 wrong check", "+75<0000000012345675+12345678<", {}},
      {"kid in groups, wrong check", "KID 1234 5678 9012 7", {}},
      {"ocr in groups, wrong check: no part is taken", "OCR 4005 0000 1238", {}},
      {"finnish wrong check", "Viite 1233", {}},
      {"finnish too short", "viite 232", {}},
      {"swiss wrong check", "Referenz 21 00000 00003 13947 14300 09018", {}},
      {"scenario kid wrong check", "Faktura 3000000021", {}},
      {"document number", "INV-2026-000123", {}},
      {"glued to letters after", "1234567890128KID", {}},
      {"glued to a word after", "order 1234567890128x", {}},
      {"rf wrong check, digits not re-read", "RF19 5390 0754 7034 1237", {}},
      {"rf glued to a word", "XRF18539007547034", {}},
      {"rf glued to letters after", "RF18539007547034INV", {}},
      {"belgian wrong check", "+++090/9337/55494+++", {}},
      {"fik wrong check", "+71<000000001234565+12345678<", {}},
      {"fik 73", "+73<+12345678<", {}},
      {"kid wrong check", "KID: 1234567890127", {}},
      {"kid inside a longer run", "KID 91234567890128", {}},
      {"kid glued to other letters", "INV1234567890128", {}},
      {"end-to-end id glued to letters", "E2E20261120010000001", {}},
      {"kid with a decimal part", "1234567890128,50", {}},
      {"kid as part of a document number", "2026-1234567890128", {}},
      {"phone number", "tel +12345674", {}},
      {"bare digits too short", "paid 1232 thanks", {}},
      {"date", "20.11.2026", {}},
      {"amount", "1.250,00", {}},
      {"short groups are not glued", "Tel 22 33 44 55", {}},
      {"empty", "", {}},
      {"words only", "Betaling november", {}},
  };
  CheckTable(std::begin(cases), std::end(cases), FindReferences);
}

TEST(FindReferences, GroupingThatValidatesLongerAndShorterGivesBoth) {
  // "0076" after the reference happens to make another valid RF: both are candidates, the
  // longer first, and only an open item's reference can tell which one is meant.
  EXPECT_EQ(FindReferences("RF18 5390 0754 7034 0076"),
            (std::vector<StructuredReference>{{K::kRf, "RF185390075470340076"}, {K::kRf, "RF18539007547034"}}));
}

TEST(ReferenceKey, ItemAndLineMeet) {
  const std::pair<const char*, const char*> same[] = {
      {"RF18 5390 0754 7034", "rf18539007547034"},
      {"+++090/9337/55493+++", "090933755493"},
      {"+71<000000001234566+12345678<", "000000001234566"},
      {"+71<000000001234566+12345678<", "71000000001234566"},
      {"3000000012", "3000 0000 12"},
      {"21 00000 00003 13947 14300 09017", "210000000003139471430009017"},
  };
  for (const auto& [item, line] : same) {
    EXPECT_EQ(ReferenceKey(item), ReferenceKey(line)) << item << " vs " << line;
  }
  EXPECT_NE(ReferenceKey("RF18539007547034"), ReferenceKey("RF111232"));
}

TEST(ReferenceKey, CanonicalFormsKeyToTheSameKey) {
  const char* texts[] = {"RF18 5390 0754 7034",
                         "+++090/9337/55493+++",
                         "+71<000000001234566+12345678<",
                         "000000001234566",
                         "0000000012345674",
                         "1234574",
                         "100008-",
                         "210000000003139471430009017"};
  for (const char* text : texts) {
    const std::string key = ReferenceKey(text);
    EXPECT_EQ(ReferenceKey(key), key) << text;
    for (const StructuredReference& r : ValidateReference(text)) EXPECT_EQ(ReferenceKey(r.canonical), key) << text;
  }
}

TEST(ReferenceKey, InvalidReferenceIsTrustedAsGiven) {
  EXPECT_EQ(ReferenceKey("rf19 5390 0754 7034"), "RF19539007547034");
  EXPECT_EQ(ReferenceKey("ab-12/3"), "AB123");
  EXPECT_EQ(ReferenceKey(""), "");
}

TEST(FinnishReferenceInRf, Table) {
  EXPECT_EQ(FinnishReferenceInRf({K::kRf, "RF111232"}), (StructuredReference{K::kFinnish, "1232"}));
  EXPECT_EQ(FinnishReferenceInRf({K::kRf, "RF8512345672"}), (StructuredReference{K::kFinnish, "12345672"}));
  EXPECT_EQ(FinnishReferenceInRf({K::kRf, "RF18539007547034"}), std::nullopt);  // body is no Finnish reference
  EXPECT_EQ(FinnishReferenceInRf({K::kRf, "RF98INV2026000123"}), std::nullopt);
  EXPECT_EQ(FinnishReferenceInRf({K::kFinnish, "1232"}), std::nullopt);
}

TEST(ReferenceKindName, EveryKindHasAName) {
  const K kinds[] = {K::kRf, K::kKid, K::kOcr, K::kFik, K::kFinnish, K::kBelgianOgm, K::kSwissQr};
  for (K k : kinds) EXPECT_NE(ReferenceKindName(k), "reference");
  EXPECT_EQ(ReferenceKindName(K::kRf), "RF");
  EXPECT_EQ(ReferenceKindName(K::kBelgianOgm), "Belgian structured communication");
}

}  // namespace
}  // namespace recon::matching
