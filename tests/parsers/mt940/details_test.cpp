// :86: in each dialect banks write it, and the joining of wrapped lines.
#include <gtest/gtest.h>

#include <vector>

#include "parsers/mt940/details.hpp"

namespace recon::mt940 {
namespace {

struct Expected {
  const char* name = nullptr;  // nullptr = absent
  const char* account = nullptr;
  const char* bic = nullptr;
  const char* structured = nullptr;
  const char* remittance = nullptr;
  const char* e2e = nullptr;
  const char* code = nullptr;
};

struct Case {
  const char* title;
  std::vector<std::string_view> texts;
  Expected want;
};

void ExpectField(const char* what, const std::optional<std::string>& got, const char* want) {
  if (want == nullptr) {
    EXPECT_FALSE(got.has_value()) << what << " = '" << got.value_or("") << "'";
  } else {
    EXPECT_EQ(got.value_or("<absent>"), want) << what;
  }
}

void Check(const Case& c) {
  SCOPED_TRACE(c.title);
  StatementLine line;
  DetailsScratch scratch;
  MapDetails(c.texts, line, scratch);
  ExpectField("counterparty_name", line.counterparty_name, c.want.name);
  ExpectField("counterparty_account", line.counterparty_account, c.want.account);
  ExpectField("counterparty_bic", line.counterparty_bic, c.want.bic);
  ExpectField("structured_reference", line.structured_reference, c.want.structured);
  ExpectField("remittance_info", line.remittance_info, c.want.remittance);
  ExpectField("end_to_end_id", line.end_to_end_id, c.want.e2e);
  ExpectField("bank_transaction_code", line.bank_transaction_code, c.want.code);
}

TEST(Mt940Details, GermanGvcWithSepaKeywords) {
  const Case cases[] = {
      {"credit with EREF, SVWZ and a name over ?32/?33",
       {"166?00GUTSCHRIFT?100399?20EREF+EndToEndId TFNR 22 004?21 00001?22\r\n"
        "SVWZ+Verw CTSc-01 BC-PPP TF?23Nr 22 004?30DRESDEFF508?31DE1450880\r\n"
        "0500194785000?32KARL?33        KAUFMANN?70Empfaenger Marta Metzge\r\nr"},
       {"KARL        KAUFMANN", "DE14508800500194785000", "DRESDEFF508", nullptr, "Verw CTSc-01 BC-PPP TFNr 22 004",
        "EndToEndId TFNR 22 004 00001", "166"}},
      {"KREF, MREF and CRED are read over; the value of a keyword crosses full subfields",
       {"171?00SEPA LASTSCHRIFT KUNDE?10281?20KREF+EREF+TRX-0A4A47C3-F846-4729?21-8A1B-5DF620F?22MREF+CAC97D2144174318AC"
        "18D9?23BF815BD4FB?24CRED+DE98ZZZ09999999999?25SVWZ+FOO TRX-0A4A47C3-F84?266-4729-8A1B-5DF620F?30HYVEDEMMXXX?31"
        "HUkkbbbsssskcccccccccccccccx?32Peter Pan?99?34171"},
       {"Peter Pan", "HUkkbbbsssskcccccccccccccccx", "HYVEDEMMXXX", nullptr, "FOO TRX-0A4A47C3-F846-4729-8A1B-5DF620F",
        "TRX-0A4A47C3-F846-4729-8A1B-5DF620F", "171"}},
      {"EREF NOTPROVIDED is absent; text before the keywords is remittance too",
       {"166?00GUTSCHRIFT?100004770?20WOHNBAU DIEPHOLZ GMBH?21EREF+NOTPROVIDED?22SVWZ+EWE,ENERGIEAUSWEIS RG.?23-NR. "
        "1234567890 KD.-NR. 123?2477777?30AARBDE5W250?31DE99123456771234567888?32WOHNBAU DIEPHOLZ GMBH?35EWE VERTRIEB"},
       {"WOHNBAU DIEPHOLZ GMBH", "DE99123456771234567888", "AARBDE5W250", nullptr,
        "WOHNBAU DIEPHOLZ GMBH EWE,ENERGIEAUSWEIS RG.-NR. 1234567890 KD.-NR. 12377777", nullptr, "166"}},
      {"a keyword value ends with a subfield that is not full",
       {"159?00RETOURE?100399?20EREF+TFNR 40001 00005?21MTLG:Grund nicht spezifizie?22rt Reject aus SEPA-Ueberwei?23su"
        "ngsauftrag?34914"},
       {nullptr, nullptr, nullptr, nullptr, "MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag",
        "TFNR 40001 00005", "159"}},
      {"old GVC without keywords: the purpose is the remittance; ?30 is a bank code, not a BIC",
       {"051?00UEBERWEISUNG?100599?20Gehalt Oktober?21Firma Mustermann GmbH?3050060400?310847564700?32MUELLER?34339"},
       {"MUELLER", "0847564700", nullptr, nullptr, "Gehalt OktoberFirma Mustermann GmbH", nullptr, "051"}},
      {"a valid RF reference at the start of SVWZ is the structured reference",
       {"166?00GUTSCHRIFT?20SVWZ+RF18539007547034 Invoice?2112?32Nordic Design AS"},
       {"Nordic Design AS", nullptr, nullptr, "RF18539007547034", "RF18539007547034 Invoice12", nullptr, "166"}},
      {"an RF reference with a wrong check digit is only text",
       {"166?20SVWZ+RF19539007547034"}, {nullptr, nullptr, nullptr, nullptr, "RF19539007547034", nullptr, "166"}},
      {"Triodos writes '>' as the separator", {"000>100987654321\r\n>20ALGEMENE TUSSENREKENING KOS>21TEN VAN 01-10-2010"},
       {nullptr, nullptr, nullptr, nullptr, "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010", nullptr, "000"}},
      {"?60-?63 continue the purpose; ABWA is read over",
       {"105?00Basislastschrift?20SVWZ+STEUERNR 123/123/12345?30BYLADEMM?31DE99700500000000012345?32Finanzamt Muenchen "
        "Abteilun?33g Erhebung?34992?60 KOERPST 3VJ.17?61ABWA+Finanzamt"},
       {"Finanzamt Muenchen Abteilung Erhebung", "DE99700500000000012345", "BYLADEMM", nullptr,
        "STEUERNR 123/123/12345 KOERPST 3VJ.17", nullptr, "105"}},
      {"a colon at the start of a continuation line is text",
       {"166?00SEPA-GUTSCHRIFT?109075/611?20EREF+NOTPROVIDED SVWZ+VERTR?21\n:KO:NR:401113172APRIL 2021?30DEUTDEDB237"},
       {nullptr, nullptr, "DEUTDEDB237", nullptr, "VERTR:KO:NR:401113172APRIL 2021", nullptr, "166"}},
      {"a lone code", {"091"}, {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "091"}},
      {"Polish ?38 IBAN when ?31 is absent",
       {" 020?00Wyplata?20ZAPLATA ZA FABRYKATY?32HUTA SZKLA?38PL08106000760000777777777777"},
       {"HUTA SZKLA", "PL08106000760000777777777777", nullptr, nullptr, "ZAPLATA ZA FABRYKATY", nullptr, "020"}},
  };
  for (const Case& c : cases) Check(c);
}

TEST(Mt940Details, SlashKeywordsOfDutchAndBelgianBanks) {
  const Case cases[] = {
      {"ABN AMRO SEPA with the name on the next line",
       {"/TRTP/SEPA OVERBOEKING/IBAN/NL48ABNA0123456789/BIC/ABNANL2A/NAME/\r\nTT TEST/REMI/TRANSFER OWN "
        "MONEY/EREF/NOTPROVIDED"},
       {"TT TEST", "NL48ABNA0123456789", "ABNANL2A", nullptr, "TRANSFER OWN MONEY", nullptr, nullptr}},
      {"Rabobank nests the name under BENM and ORDP",
       {"/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/JOHN DOE/REMI/Reference 201301234/ISDT/2013-01-02"},
       {"JOHN DOE", nullptr, nullptr, nullptr, "Reference 201301234", "01-01-2013 12:00 0030000987654321", nullptr}},
      {"ultimate debtor's name only when nothing else names the party",
       {"/ULTD//NAME/Child Doe/ORDP//NAME/Parent Doe/ADDR/Street 1/IBAN/NL91ABNA0417164300/REMI/USTD//School fee/"},
       {"Parent Doe", "NL91ABNA0417164300", nullptr, nullptr, "School fee", nullptr, nullptr}},
      {"ING structured remittance and CNTP",
       {"/CNTP/NL12INGB0001234567/INGBNL2A/J DOE/AMSTERDAM/REMI/STRD/CUR/RF18539007547034/EREF/E2E-7/"},
       {"J DOE", "NL12INGB0001234567", "INGBNL2A", "RF18539007547034", nullptr, "E2E-7", nullptr}},
      {"a slash inside a value is text", {"/NAME/NORDIC DESIGN A/S/REMI/Betaling"},
       {"NORDIC DESIGN A/S", nullptr, nullptr, nullptr, "Betaling", nullptr, nullptr}},
      {"CDTRREF is the structured reference", {"/IBAN/NO7243450764624/NAME/Unknown payer 215/CDTRREF/RF42700000010"},
       {"Unknown payer 215", "NO7243450764624", nullptr, "RF42700000010", nullptr, nullptr, nullptr}},
      {"a 65-character line is cut mid-word; a shorter one ends a word",
       {"/EREF/E2E20261120010000030/IBAN/NO5115244506512/NAME/Polar Living\r\n BV/REMI/Invoices 2026-000045, "
        "2026-000046, 2026-000047, 2026-000\r\n048"},
       {"Polar Living BV", "NO5115244506512", nullptr, nullptr,
        "Invoices 2026-000045, 2026-000046, 2026-000047, 2026-000048", "E2E20261120010000030", nullptr}},
      {"Knab: short lines are separate words",
       {"/TRTP/SEPA\nOVERBOEKING/BBAN/90000014/BIC/KNABNL2HXXX/NAME/KNAB\n/REMI/EERSTE\nOVERBOEKING,"},
       {"KNAB", "90000014", "KNABNL2HXXX", nullptr, "EERSTE OVERBOEKING,", nullptr, nullptr}},
  };
  for (const Case& c : cases) Check(c);
}

TEST(Mt940Details, FreeTextAndRepeatedFields) {
  const Case cases[] = {
      {"free text over lines", {"GIRO   428428 KPN - DIGITENNE\r\nBETREFT FACTUUR D.D. 20-05-2011\r\nINCL. 1,44 BTW"},
       {nullptr, nullptr, nullptr, nullptr, "GIRO   428428 KPN - DIGITENNE BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW",
        nullptr, nullptr}},
      {"a colon and a time in free text", {"Invoice 12:30\n:12:11 wrapped time"},
       {nullptr, nullptr, nullptr, nullptr, "Invoice 12:30 :12:11 wrapped time", nullptr, nullptr}},
      {"several :86: fields for one line (Rabobank, Danske Bank)",
       {"Terugboeking                                                    ", "NIET AKKOORD MET AFSCHRIJVING   "},
       {nullptr, nullptr, nullptr, nullptr, "Terugboeking NIET AKKOORD MET AFSCHRIJVING", nullptr, nullptr}},
      {"blank padded lines add nothing",
       {"0987654321 marechal s\r\n                                                                 \r\ndit is een test"},
       {nullptr, nullptr, nullptr, nullptr, "0987654321 marechal s dit is een test", nullptr, nullptr}},
      {"an empty :86:", {""}, {}},
      {"three digits and a space are free text, not GVC", {"911 TRANSAKCJA COLLECT"},
       {nullptr, nullptr, nullptr, nullptr, "911 TRANSAKCJA COLLECT", nullptr, nullptr}},
      {"a slash that opens no known keyword is free text", {"/XYZ/abc"},
       {nullptr, nullptr, nullptr, nullptr, "/XYZ/abc", nullptr, nullptr}},
  };
  for (const Case& c : cases) Check(c);
}

TEST(Mt940Details, JoinsWrappedLinesByTheirLength) {
  const std::string full(65, 'a');
  const struct {
    std::string text;
    std::string joined;
  } cases[] = {
      {full + "\r\nbc", full + "bc"},                                      // cut at 65: no separator
      {std::string(64, 'a') + "\r\nbc", std::string(64, 'a') + " bc"},    // shorter: the break was meant
      {std::string(64, 'a') + " \r\nbc", std::string(64, 'a') + " bc"},   // cut after a space: one space
      {full + "\r\n bc", full + " bc"},                                    // next line starts with the space
      {"ab   \nc", "ab c"},                                                 // trailing spaces dropped
      {"\xC3\xA4" + std::string(64, 'a') + "\nb", "\xC3\xA4" + std::string(64, 'a') + "b"},  // 65 characters, 66 bytes
  };
  for (const auto& c : cases) {
    std::string out;
    JoinWrappedLines(c.text, out);
    EXPECT_EQ(out, c.joined) << c.text;
  }
}

}  // namespace
}  // namespace recon::mt940
