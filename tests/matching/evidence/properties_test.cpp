// Properties every extractor keeps on any input, checked on many generated texts made of
// the characters that matter to them (digits, letters, separators, wrappings, UTF-8).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "matching/evidence/counterparty.hpp"
#include "matching/evidence/document_numbers.hpp"
#include "matching/evidence/references.hpp"
#include "tests/matching/evidence/print.hpp"

namespace recon::matching {
namespace {

constexpr int kTexts = 20000;

std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "0",
      "1",
      "5",
      "7",
      " ",
      " ",
      " ",
      "-",
      ".",
      "/",
      ",",
      "+",
      "+++",
      "***",
      "<",
      "RF",
      "rf",
      "18",
      "KID",
      "OCR",
      "Viite",
      "INV",
      "A",
      "x",
      "AS",
      "A/S",
      "\xc3\xb8",
      "\xc3\x9f",
      "\xc5\x82",
      "\xcc\x81",
      "\xe9",
      "\xff",
      "\t",
      "\n",
      ":",
      "2026-",
      "+71<",
      "+75 ",
      "+73<",
      "NO93",
      "539007547034",
      "1234567890128",
      "090/9337/55493",
      "000000001234566",
  };
  std::uniform_int_distribution<size_t> count(0, 14);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::string s;
  for (size_t n = count(rng); n > 0; --n) s += pieces[pick(rng)];
  return s;
}

bool Contains(const std::vector<StructuredReference>& refs, const StructuredReference& r) {
  return std::find(refs.begin(), refs.end(), r) != refs.end();
}

TEST(EvidenceProperties, HoldOnGeneratedTexts) {
  std::mt19937 rng(20261120);
  for (int i = 0; i < kTexts; ++i) {
    const std::string text = RandomText(rng);
    SCOPED_TRACE("text: \"" + text + "\"");

    // Whatever is found validates on its own and keys to itself.
    const auto found = FindReferences(text);
    for (const StructuredReference& r : found) {
      EXPECT_TRUE(Contains(ValidateReference(r.canonical), r)) << r.canonical;
      EXPECT_EQ(ReferenceKey(ReferenceKey(r.canonical)), ReferenceKey(r.canonical));
      EXPECT_EQ(std::count(found.begin(), found.end(), r), 1);
    }
    for (const StructuredReference& r : ValidateReference(text)) {
      EXPECT_TRUE(Contains(ValidateReference(r.canonical), r)) << r.canonical;
      EXPECT_EQ(ReferenceKey(r.canonical), ReferenceKey(text));
    }
    const std::string key = ReferenceKey(text);
    EXPECT_EQ(ReferenceKey(key), key);

    // Document keys are keys of themselves, distinct, never empty.
    const auto keys = FindDocumentKeys(text);
    for (const std::string& k : keys) {
      EXPECT_FALSE(k.empty());
      EXPECT_EQ(DocumentKey(k), k);
      EXPECT_EQ(std::count(keys.begin(), keys.end(), k), 1);
    }
    EXPECT_EQ(DocumentKey(DocumentKey(text)), DocumentKey(text));

    // A name key is its own key, and has no doubled, leading or trailing space.
    const std::string name = NameKey(text);
    EXPECT_EQ(name.find("  "), std::string::npos);
    if (!name.empty()) {
      EXPECT_NE(name.front(), ' ');
      EXPECT_NE(name.back(), ' ');
    }
    EXPECT_EQ(AccountKey(AccountKey(text)), AccountKey(text));
    if (IsValidIban(text)) {
      EXPECT_TRUE(IsValidIban(AccountKey(text)));
    }
  }
}

}  // namespace
}  // namespace recon::matching
