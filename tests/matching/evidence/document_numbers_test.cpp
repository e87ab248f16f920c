#include "matching/evidence/document_numbers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace recon::matching {
namespace {

using Keys = std::vector<std::string>;

TEST(DocumentKey, Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"2026-000123", "2026000123"},
      {"2026000123", "2026000123"},
      {"2026 000123", "2026000123"},
      {"2026/000123", "2026000123"},
      {"2026.000123", "2026000123"},
      {"2026_000123", "2026000123"},
      {"INV-2026-000123", "2026000123"},
      {"inv2026000123", "2026000123"},
      {"Faktura nr. 2026000123", "2026000123"},
      {"INV-00123", "123"},
      {"00123", "123"},
      {"123", "123"},
      {"2026-000123-A", "2026000123A"},
      {"2026-000123-a", "2026000123A"},
      {"SO-12B-7", "12B7"},
      {"INV-0000", "0"},
      // Different numbers stay different.
      {"2026-001230", "2026001230"},
      {"2026-000132", "2026000132"},
      {"2026-00012", "202600012"},
      {"2026-123", "2026123"},
      {"12026000123", "12026000123"},
      {"INV-0012026000123", "12026000123"},
      // No digit, no key.
      {"", ""},
      {"INV-", ""},
      {"ABC", ""},
  };
  for (const auto& [number, key] : cases) EXPECT_EQ(DocumentKey(number), key) << number;
}

struct FindCase {
  const char* name;
  const char* text;
  Keys keys;
};

TEST(FindDocumentKeys, Table) {
  const std::string k = "2026000123";
  const FindCase cases[] = {
      // How the scenario's payers write 2026-000123.
      {"invoice", "Invoice 2026-000123", {k}},
      {"compacted", "Faktura nr. 2026000123", {k}},
      {"words around", "payment inv 2026-000123 thank you", {k}},
      {"prefixed", "INV-2026-000123", {k}},
      {"with an order number", "Ref: 2026-000123 / order 774321", {k, "774321"}},
      {"german", "Rechnung 2026-000123", {k}},
      {"several", "Invoices 2026-000001, 2026-000002, 2026-000003", {"2026000001", "2026000002", "2026000003"}},
      // Harder ways.
      {"glued prefix", "INV2026000123", {k}},
      {"lower case prefix", "inv-2026-000123", {k}},
      {"hash", "Invoice #2026-000123.", {k}},
      {"parentheses", "(2026-000123)", {k}},
      {"leading zeros", "INV-00123 paid", {"123"}},
      {"list without spaces", "2026-000001,2026-000002", {"2026000001", "2026000002"}},
      {"slash list", "2026-000123/2026-000124", {"20260001232026000124", k, "2026000124"}},
      {"same number twice", "2026-000123 and 2026000123", {k}},
      {"a number inside a longer one", "12026000123", {"12026000123"}},
      {"a number with a suffix", "2026-000123-01", {"202600012301"}},
      {"near misses stay apart", "2026-000132 2026-00012", {"2026000132", "202600012"}},
      {"end-to-end id", "E2E20261120010000001", {"2E20261120010000001"}},
      {"kid that is also a number", "3000000012", {"3000000012"}},
      // Never document numbers.
      {"iso date", "paid 2026-11-20", {}},
      {"dotted date", "Rechnung vom 20.11.2026", {}},
      {"slashed date", "11/20/2026", {}},
      {"short year date", "20.11.26", {}},
      {"amount", "1.250,00 EUR", {}},
      {"amount english", "EUR 1,250.00", {}},
      {"amount plain", "1250.00", {}},
      {"thousands", "1.250.000", {}},
      {"iban", "from NO9386011117947", {}},
      {"iban print groups", "IBAN NO93 8601 1117 947", {}},
      {"iban print groups de", "DE89 3704 0044 0532 0130 00", {}},
      {"rf", "RF18539007547034", {}},
      {"rf print groups", "RF18 5390 0754 7034", {}},
      {"rf wrong check", "RF19 5390 0754 7034", {}},
      {"belgian", "+++090/9337/55493+++", {}},
      {"ocr print groups", "OCR 4005 0000 1237", {}},
      {"phone", "call +4722334455", {}},
      {"phone groups", "Tel 22 33 44 55", {}},
      {"too few digits", "nr. 5, item 123", {}},
      {"zeros", "0000", {}},
      {"words", "Betaling november", {}},
      {"empty", "", {}},
  };
  for (const FindCase& c : cases) {
    EXPECT_EQ(FindDocumentKeys(c.text), c.keys) << c.name << ": \"" << c.text << "\"";
  }
}

TEST(FindDocumentKeys, MeetsTheItemsKey) {
  const char* item = "2026-000123";
  const char* texts[] = {"Invoice 2026-000123", "Faktura nr. 2026000123", "INV-2026-000123", "inv 2026 000123x"};
  for (const char* text : texts) {
    const Keys keys = FindDocumentKeys(text);
    const bool found = std::find(keys.begin(), keys.end(), DocumentKey(item)) != keys.end();
    EXPECT_EQ(found, std::string(text) != "inv 2026 000123x") << text;
  }
  // An item whose number carries its prefix meets a payer who leaves it out, and back.
  EXPECT_EQ(FindDocumentKeys("paid 2026-000123"), Keys{DocumentKey("INV-2026-000123")});
  EXPECT_EQ(FindDocumentKeys("INV-1234"), Keys{DocumentKey("INV-001234")});
  EXPECT_EQ(FindDocumentKeys("paid 001234"), Keys{DocumentKey("INV-1234")});
}

TEST(FindDocumentKeys, MinDigits) {
  EXPECT_EQ(FindDocumentKeys("order 12345", 6), Keys{});
  EXPECT_EQ(FindDocumentKeys("order 123", 3), Keys{"123"});
  EXPECT_EQ(FindDocumentKeys("INV-00123", 5), Keys{"123"});  // digits are counted as written
}

}  // namespace
}  // namespace recon::matching
