#include "parsers/csv/synonyms.hpp"

#include <array>

namespace recon::csv {
namespace {

struct Synonym {
  std::string_view folded;  // FoldLoose form: lower case, no spaces or ASCII punctuation
  int rank;
};

// Rank 0: names that mean exactly this field; 1: common names; 2: generic words that
// usually mean it. Every name is in FoldLoose form ("Af Bij" -> "afbij", "Währung" -> "währung").
constexpr Synonym kBookingDate[] = {
    {"bookingdate", 0},
    {"buchungstag", 0},
    {"buchungsdatum", 0},
    {"buchung", 0},
    {"boekdatum", 0},
    {"boekingsdatum", 0},
    {"postingdate", 0},
    {"posteddate", 0},
    {"dateoperation", 0},
    {"datedoperation", 0},
    {"datecomptable", 0},
    {"bokföringsdag", 0},
    {"bokföringsdatum", 0},
    {"bokføringsdato", 0},
    {"bokført", 0},
    {"bogføringsdato", 0},
    {"kirjauspäivä", 0},
    {"fechacontable", 0},
    {"fechaoperacion", 0},
    {"fechaoperación", 0},
    {"transactiondate", 1},
    {"transactiedatum", 1},
    {"transaktionsdatum", 1},
    {"dato", 1},
    {"datum", 2},
    {"date", 2},
    {"fecha", 2},
    {"päivämäärä", 2},
};
constexpr Synonym kValueDate[] = {
    {"valuedate", 0},    {"valutadatum", 0}, {"wertstellung", 0},   {"wertstellungsdatum", 0}, {"valuta", 1},
    {"datedevaleur", 0}, {"datevaleur", 0},  {"valuteringsdag", 0}, {"valutadag", 0},          {"valuteringsdato", 0},
    {"valørdato", 0},    {"valör", 1},       {"arvopäivä", 0},      {"fechavalor", 0},         {"rentedatum", 1},
};
constexpr Synonym kAmount[] = {
    {"amount", 0},
    {"betrag", 0},
    {"bedrag", 0},
    {"montant", 0},
    {"beløp", 0},
    {"belopp", 0},
    {"beløb", 0},
    {"summa", 1},
    {"määrä", 0},
    {"importe", 0},
    {"transactiebedrag", 0},
    {"transaktionsbelopp", 0},
    {"umsatz", 1},
    {"betragineur", 1},
    {"net", 2},
    {"neto", 2},
    {"transactionamount", 0},
    {"amountineur", 1},
};
constexpr Synonym kDebit[] = {
    {"debit", 0},      {"soll", 0},        {"af", 1},      {"debet", 0},    {"débit", 0},    {"debitamount", 0},
    {"withdrawal", 1}, {"withdrawals", 1}, {"paidout", 1}, {"moneyout", 1}, {"uttak", 1},    {"utbetalning", 1},
    {"udbetaling", 1}, {"belastung", 1},   {"cargo", 1},   {"ausgang", 1},  {"uitgaven", 1},
};
constexpr Synonym kCredit[] = {
    {"credit", 0},     {"haben", 0},  {"bij", 1},     {"crédit", 0},    {"creditamount", 0}, {"deposit", 1},
    {"deposits", 1},   {"paidin", 1}, {"moneyin", 1}, {"innskudd", 1},  {"insättning", 1},   {"indbetaling", 1},
    {"gutschrift", 1}, {"abono", 1},  {"eingang", 1}, {"inkomsten", 1},
};
constexpr Synonym kBalance[] = {
    {"balance", 0},   {"saldo", 0},          {"kontostand", 0},  {"solde", 0},        {"runningbalance", 0},
    {"boeksaldo", 1}, {"saldonamutatie", 0}, {"disponibelt", 2}, {"bokförtsaldo", 1},
};
constexpr Synonym kCurrency[] = {
    {"currency", 0},   {"währung", 0},
    {"waehrung", 0},   {"devise", 0},
    {"divisa", 0},     {"valuta", 1},
    {"valutacode", 0}, {"valutasoort", 0},
    {"ccy", 0},        {"currencycode", 0},
    {"valuutta", 0},   {"moneda", 0},
    {"myntsort", 1},   {"valutasoortmutatie", 0},
};
constexpr Synonym kIndicator[] = {
    {"afbij", 0},       {"creditdebet", 0}, {"debetcredit", 0}, {"dc", 0},   {"cd", 0},   {"debitcredit", 0},
    {"creditdebit", 0}, {"sollhaben", 0},   {"sh", 0},          {"crdr", 0}, {"drcr", 0}, {"debitcreditindicator", 0},
};
constexpr Synonym kAccount[] = {
    {"account", 1},
    {"accountnumber", 0},
    {"rekening", 1},
    {"rekeningnummer", 0},
    {"kontonummer", 0},
    {"auftragskonto", 0},
    {"konto", 1},
    {"ownaccount", 0},
    {"numérodecompte", 0},
    {"compte", 1},
    {"opdrachtgeversrekening", 0},
    {"kontonr", 0},
    {"accountiban", 0},
    {"cuenta", 1},
};
constexpr Synonym kCounterpartyAccount[] = {
    {"counterpartyaccount", 0},
    {"counterpartyiban", 0},
    {"tegenrekening", 0},
    {"tegenrekeningnummer", 0},
    {"gegenkonto", 0},
    {"ibanzahlungsbeteiligter", 0},
    {"kontonummeriban", 1},
    {"ibanauftraggeberempfänger", 0},
    {"payeeaccount", 1},
    {"payeraccount", 1},
    {"motkonto", 0},
    {"modkonto", 0},
    {"comptecontrepartie", 0},
};
constexpr Synonym kCounterpartyBic[] = {
    {"bic", 0},
    {"bicswift", 0},
    {"swift", 1},
    {"bicswiftcode", 0},
    {"counterpartybic", 0},
    {"bicauftraggeberempfänger", 0},
    {"biczahlungsbeteiligter", 0},
};
constexpr Synonym kCounterpartyName[] = {
    {"counterparty", 0},
    {"counterpartyname", 0},
    {"payee", 1},
    {"payer", 1},
    {"name", 2},
    {"naam", 2},
    {"naamomschrijving", 1},
    {"tegenrekeninghouder", 0},
    {"naamtegenrekening", 0},
    {"auftraggeberempfänger", 0},
    {"begünstigterzahlungspflichtiger", 0},
    {"beguenstigterzahlungspflichtiger", 0},
    {"zahlungsbeteiligter", 0},
    {"empfänger", 1},
    {"auftraggeber", 1},
    {"partnername", 0},
    {"bénéficiaire", 1},
    {"tiers", 1},
    {"mottaker", 1},
    {"betalare", 1},
    {"mottagare", 1},
    {"nombre", 2},
    {"nom", 2},
    {"beneficiary", 1},
};
constexpr Synonym kEndToEndId[] = {
    {"endtoendid", 0}, {"endtoendreference", 0}, {"endtoendreferenz", 0},       {"eref", 0},
    {"e2eid", 0},      {"endtoendref", 0},       {"kundenreferenzendtoend", 0},
};
constexpr Synonym kStructuredReference[] = {
    {"structuredreference", 0},
    {"creditorreference", 0},
    {"betalingskenmerk", 0},
    {"kid", 0},
    {"ocr", 0},
    {"ocrreferens", 0},
    {"kidnummer", 0},
    {"zahlungsreferenz", 1},
    {"referencenumber", 1},
    {"viitenumero", 0},
};
constexpr Synonym kBankReference[] = {
    {"transactionid", 0},  {"bankreference", 0},    {"referentie", 1},
    {"bankreferenz", 0},   {"buchungsreferenz", 0}, {"transaktionsid", 0},
    {"arkivreferanse", 0}, {"arkivreference", 0},   {"arkiveringsreferens", 0},
    {"transactieid", 0},   {"iddetransacción", 0},  {"iddetransaccion", 0},
    {"fitid", 0},          {"volgnummer", 1},
};
constexpr Synonym kBankTransactionCode[] = {
    {"buchungstext", 0},
    {"mutatiesoort", 0},
    {"transactiontype", 0},
    {"type", 1},
    {"code", 1},
    {"betaalwijze", 0},
    {"umsatzart", 0},
    {"transaktionstyp", 0},
    {"typedetransaction", 0},
    {"typ", 1},
    {"buchungsart", 0},
    {"transaktionstype", 0},
    {"tipo", 1},
};
constexpr Synonym kRemittance[] = {
    {"verwendungszweck", 0},
    {"omschrijving", 0},
    {"mededelingen", 0},
    {"description", 0},
    {"memo", 0},
    {"label", 0},
    {"libellé", 0},
    {"libelle", 0},
    {"text", 1},
    {"tekst", 1},
    {"details", 1},
    {"meddelande", 0},
    {"beskrivelse", 0},
    {"beskrivning", 0},
    {"viesti", 0},
    {"concepto", 0},
    {"narrative", 0},
    {"purpose", 0},
    {"remittanceinformation", 0},
    {"reference", 1},
    {"umsatztext", 0},
    {"descripción", 0},
    {"descripcion", 0},
    {"subject", 1},
    {"note", 1},
    {"notes", 1},
    {"mitteilung", 0},
    {"tekstkode", 1},
    {"kommentar", 1},
};

struct FieldInfo {
  std::string_view name;
  std::span<const Synonym> synonyms;
  std::string_view examples;
};

const std::array<FieldInfo, kFieldCount> kFields = {{
    {"booking date", kBookingDate, "Date, Datum, Buchungstag, Boekdatum, Bokföringsdag, Fecha"},
    {"value date", kValueDate, "Value date, Valuta, Wertstellung, Valutadatum"},
    {"amount", kAmount, "Amount, Betrag, Bedrag, Montant, Beløp, Belopp, Importe"},
    {"debit amount", kDebit, "Debit, Soll, Debet"},
    {"credit amount", kCredit, "Credit, Haben"},
    {"balance", kBalance, "Balance, Saldo, Kontostand, Solde"},
    {"currency", kCurrency, "Currency, Währung, Valuta, Devise, Divisa"},
    {"debit/credit indicator", kIndicator, "Af Bij, Credit/Debet, D/C, Soll/Haben"},
    {"account", kAccount, "Account, Rekening, Kontonummer, Auftragskonto"},
    {"counterparty account", kCounterpartyAccount, "Tegenrekening, Gegenkonto, Counterparty IBAN"},
    {"counterparty BIC", kCounterpartyBic, "BIC, SWIFT"},
    {"counterparty name", kCounterpartyName, "Name, Naam, Empfänger, Auftraggeber/Empfänger, Payee"},
    {"end-to-end id", kEndToEndId, "End-to-End-ID, EREF"},
    {"structured reference", kStructuredReference, "Betalingskenmerk, KID, OCR"},
    {"bank reference", kBankReference, "Transaction ID, Referentie, Bankreferenz"},
    {"transaction code", kBankTransactionCode, "Buchungstext, Mutatiesoort, Type, Code"},
    {"remittance", kRemittance, "Verwendungszweck, Omschrijving, Mededelingen, Description, Memo"},
}};

constexpr IndicatorPair kPairs[] = {
    {"d", "c"},          {"af", "bij"},     {"s", "h"},   {"debit", "credit"}, {"dr", "cr"},
    {"debet", "credit"}, {"soll", "haben"}, {"db", "cr"}, {"-", "+"},
};

}  // namespace

std::string_view FieldName(Field field) {
  return kFields[static_cast<size_t>(field)].name;
}

std::optional<int> SynonymRank(Field field, std::string_view folded) {
  for (const Synonym& s : kFields[static_cast<size_t>(field)].synonyms) {
    if (s.folded == folded) return s.rank;
  }
  return std::nullopt;
}

std::string_view SynonymExamples(Field field) {
  return kFields[static_cast<size_t>(field)].examples;
}

std::span<const IndicatorPair> KnownIndicatorPairs() {
  return kPairs;
}

}  // namespace recon::csv
