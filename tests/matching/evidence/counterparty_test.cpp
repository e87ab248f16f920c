#include "matching/evidence/counterparty.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recon::matching {
namespace {

TEST(AccountKey, Table) {
  EXPECT_EQ(AccountKey("no93 8601 1117 947"), "NO9386011117947");
  EXPECT_EQ(AccountKey("NO93-8601-1117-947"), "NO9386011117947");
  EXPECT_EQ(AccountKey("8601.11.17947"), "86011117947");
  EXPECT_EQ(AccountKey("\tde89 3704\t0044 0532 0130 00 "), "DE89370400440532013000");
  EXPECT_EQ(AccountKey(""), "");
  EXPECT_NE(AccountKey("NO9386011117947"), AccountKey("NO9386011117974"));
}

TEST(IsValidIban, Table) {
  const std::pair<const char*, bool> cases[] = {
      {"NO9386011117947", true},
      {"NO93 8601 1117 947", true},
      {"no9386011117947", true},
      {"DE89370400440532013000", true},
      {"GB82WEST12345698765432", true},
      {"gb82 west 1234 5698 7654 32", true},
      {"CH9300762011623852957", true},
      {"FI2112345600000785", true},
      {"NO9386011117974", false},              // transposed
      {"NO9486011117947", false},              // wrong check digits
      {"NO938601111794", false},               // one short
      {"NO93860111179470", false},             // one long
      {"XX9386011117947", false},              // no such country
      {"NO00860111179", false},                // check digits 00
      {"DE89-3704-0044-0532-0130-00", false},  // only spaces are tolerated
      {"GB82WEST1234569876543!", false},
      {"", false},
      {"NO", false},
      {"9386011117947NO", false},
  };
  for (const auto& [iban, valid] : cases) EXPECT_EQ(IsValidIban(iban), valid) << iban;
  EXPECT_EQ(IbanLength("NO"), 15u);
  EXPECT_EQ(IbanLength("DE"), 22u);
  EXPECT_EQ(IbanLength("XX"), 0u);
  EXPECT_EQ(IbanLength("no"), 0u);
}

TEST(NameKey, Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"Nordic Design AS", "nordic design"},
      {"NORDIC DESIGN A/S", "nordic design"},
      {"Fjord Living AB", "fjord living"},
      {"FJORD LIVING A.B.", "fjord living"},
      {"Lindqvist Interiør AS", "lindqvist interior"},
      {"Müller & Söhne GmbH & Co. KG", "muller sohne"},
      {"Straße Bau GmbH", "strasse bau"},
      {"Ærø Æbler ApS", "aero aebler"},
      {"Åkesson Bygg AB (publ)", "akesson bygg"},
      {"Łódź Meble Sp. z o.o.", "lodz meble"},
      {"Łódź Meble Sp.z.o.o.", "lodz meble"},
      {"Crème Brûlée S.A.", "creme brulee"},
      {"Crème Brûlée S. A.", "creme brulee"},
      {"Façade SARL", "facade"},
      {"Oy Saga Ab", "saga"},
      {"Tundra Oyj", "tundra"},
      {"Polar Ltd.", "polar"},
      {"Polar Limited", "polar"},
      {"Acme, Inc.", "acme"},
      {"Acme Corporation", "acme"},
      {"Harbor B.V.", "harbor"},
      {"Harbor N.V.", "harbor"},
      {"Pizza S.p.A.", "pizza"},
      {"Pizza S.r.l.", "pizza"},
      {"Tapas S.L.", "tapas"},
      {"Stavba s.r.o.", "stavba"},
      {"Dvořák a.s.", "dvorak"},
      {"Kovács Kft.", "kovacs"},
      {"Hansen & Sønner I/S", "hansen sonner"},
      {"Jensen K/S", "jensen"},
      {"Birch Studio UG (haftungsbeschränkt)", "birch studio"},
      {"Krämer e.K.", "kramer"},
      {"O'Neil Trading Ltd", "oneil trading"},
      {"O’Neil Trading Ltd", "oneil trading"},
      {"  Viking   Supply\tAS ", "viking supply"},
      {"Jean-Luc Dupont", "jean luc dupont"},
      {"Co-op Trading AS", "co op trading"},  // "co" against a hyphen is no legal form
      {"Smith & Co", "smith"},
      {"Smith - Co", "smith"},
      {"Cafe\xcc\x81 Noir SAS", "cafe noir"},  // decomposed é
      {"Caf\xe9 Noir SAS", "cafe noir"},       // Latin-1 byte, not UTF-8
      {"Şişli Ticaret", "sisli ticaret"},
      {"Ђорђе d.o.o.", "Ђорђе"},  // Cyrillic is kept as it is
      {"Studio 54 AS", "studio 54"},
      {"AS", "as"},  // nothing but a legal form: kept
      {"Oy Ab", "oy ab"},
      {"", ""},
      {"&/.", ""},
  };
  for (const auto& [name, key] : cases) EXPECT_EQ(NameKey(name), key) << name;
}

TEST(NameKey, NearMissesStayApart) {
  const std::pair<const char*, const char*> apart[] = {
      {"Nordic Design AS", "Nordic Designs AS"},
      {"Nordic Design AS", "Nordic Design Studio AS"},
      {"Design Is Life AS", "Design Life AS"},  // "is" without its slash is a word
      {"Fjord Living AB", "Fjord Living AG 2"},
      {"Saga Home AS", "Saga Homes AS"},
      {"Saga Home AS", "Sagahome AS"},
      {"Polar Ltd", "Polaris Ltd"},
      {"Fjord Living AB", "Fjord Living ABC"},
      {"Studio 54 AS", "Studio 45 AS"},
      {"Müller GmbH", "Müller-Lyer GmbH"},
      {"Co-op Trading", "Trading"},
      {"Birch & Co", "Birch Co Design"},
      {"Østergaard ApS", "Vestergaard ApS"},
      {"Hansen I/S", "Hansen Is"},
  };
  for (const auto& [a, b] : apart) EXPECT_NE(NameKey(a), NameKey(b)) << a << " vs " << b;
}

// The scenario's name_variant case: upper case, " AS" -> " A/S", " AB" -> " A.B.".
TEST(NameKey, ScenarioVariantsMeet) {
  const char* first[] = {"Nordic", "Fjord", "Aurora", "Birch", "Granite", "Harbor"};
  const char* second[] = {"Design", "Living", "Interiors", "Home", "Trading", "Retail"};
  const char* forms[] = {"AS", "AB", "GmbH", "ApS", "Oy", "Ltd", "BV", "SA"};
  for (const char* f : first) {
    for (const char* s : second) {
      for (const char* form : forms) {
        const std::string name = std::string(f) + " " + s + " " + form;
        std::string variant;
        for (char c : name) variant.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        if (const auto p = variant.find(" AS"); p != std::string::npos) variant.replace(p, 3, " A/S");
        if (const auto p = variant.find(" AB"); p != std::string::npos) variant.replace(p, 3, " A.B.");
        EXPECT_EQ(NameKey(name), NameKey(variant)) << name << " vs " << variant;
        EXPECT_EQ(NameKey(name), NameKey(std::string(f) + " " + s)) << name;
      }
    }
  }
}

}  // namespace
}  // namespace recon::matching
