// The slash-keyword form of :86: that Dutch and Belgian banks (ABN AMRO, ING, Rabobank, Knab,
// Triodos) write, after the SEPA conversion of their formats:
//
//   /TRTP/SEPA OVERBOEKING/IBAN/NL12ABNA0123456789/BIC/ABNANL2A/NAME/J DOE/REMI/Invoice 12/EREF/E2E-1
//   /EREF/E2E-1/ORDP//NAME/J DOE/ID/123/REMI/USTD//Invoice 12/
//
// A value runs to the next "/KEYWORD/" with a keyword from the list below, so a slash in a
// value ("NORDIC DESIGN A/S") stays text. Parties nest their details: /ORDP//NAME/.../ (the
// ordering party, for money in), /BENM//NAME/.../ (the beneficiary, for money out),
// /ULTD/ /ULTC/ /ULTB/ (ultimate debtor and creditor: their own fields, and the counterparty's
// name only when nothing else names it). /OCMT/ /CHGS/ /EXCH/ give the original amount, charges
// and exchange rate, /MARF/ the SEPA mandate.
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>

#include "parsers/mt940/details.hpp"
#include "parsers/mt940/foreign_exchange.hpp"
#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

// What a keyword means to recond; most only end the value before them.
enum class Key : uint8_t { kNone, kOther, kParty, kUltimateDebtor, kUltimateCreditor, kName, kAccount, kBban, kBic,
                           kCounterparty, kCreditorReference, kRemittance, kEndToEnd, kAddress, kOriginalAmount,
                           kCharges, kExchangeRate, kMandate };

// A keyword's letters packed five bits each, so that finding one is comparing integers.
constexpr uint64_t Pack(std::string_view name) {
  uint64_t v = 0;
  for (char c : name) v = v * 32 + static_cast<uint64_t>(c - 'A' + 1);
  return v;
}

struct Keyword {
  uint64_t packed;
  Key key;
};

constexpr Keyword kKeywords[] = {
    {Pack("ADDR"), Key::kAddress},   {Pack("BBAN"), Key::kBban},         {Pack("BENM"), Key::kParty},
    {Pack("BIC"), Key::kBic},        {Pack("CDTRREF"), Key::kCreditorReference}, {Pack("CDTRREFTP"), Key::kOther},
    {Pack("CHGS"), Key::kCharges},     {Pack("CNTP"), Key::kCounterparty}, {Pack("CSID"), Key::kOther},
    {Pack("EREF"), Key::kEndToEnd},  {Pack("EXCH"), Key::kExchangeRate},        {Pack("IBAN"), Key::kAccount},
    {Pack("ISDT"), Key::kOther},     {Pack("MARF"), Key::kMandate},        {Pack("NAME"), Key::kName},
    {Pack("OCMT"), Key::kOriginalAmount},     {Pack("ORDP"), Key::kParty},        {Pack("PREF"), Key::kOther},
    {Pack("PURP"), Key::kOther},     {Pack("REMI"), Key::kRemittance},   {Pack("RTRN"), Key::kOther},
    {Pack("SUM"), Key::kOther},      {Pack("SVCL"), Key::kOther},        {Pack("TRTP"), Key::kOther},
    {Pack("ULTB"), Key::kUltimateCreditor}, {Pack("ULTC"), Key::kUltimateCreditor}, {Pack("ULTD"), Key::kUltimateDebtor},
};

// A perfect hash: the smallest table size at which every keyword's packed value lands in its
// own slot, found by the compiler. A lookup is one remainder and one comparison.
constexpr size_t kSlotsMax = 1024;

constexpr bool Collides(size_t slots) {
  for (size_t i = 0; i < std::size(kKeywords); ++i) {
    for (size_t j = i + 1; j < std::size(kKeywords); ++j) {
      if (kKeywords[i].packed % slots == kKeywords[j].packed % slots) return true;
    }
  }
  return false;
}

constexpr size_t FindSlots() {
  for (size_t slots = std::size(kKeywords); slots <= kSlotsMax; ++slots) {
    if (!Collides(slots)) return slots;
  }
  return 0;
}

constexpr size_t kSlots = FindSlots();
static_assert(kSlots != 0, "no collision-free table size for the keywords");

struct Table {
  Keyword slot[kSlots] = {};
};

constexpr Table MakeTable() {
  Table t;
  for (const Keyword& k : kKeywords) t.slot[k.packed % kSlots] = k;
  return t;
}

constexpr Table kTable = MakeTable();

// The longest keyword above, "CDTRREFTP" (45 bits packed).
constexpr size_t kKeywordCharsMax = 9;

struct Found {
  Key key = Key::kNone;
  size_t length = 0;  // of the keyword's name
};

// The keyword spelled at text[i+1...] and closed by '/', when text[i] is '/'. Called at every
// slash of every :86:, so it rejects on the first character that cannot be a keyword.
Found KeywordAt(std::string_view text, size_t i) {
  if (text[i] != '/') return {};
  uint64_t packed = 0;
  size_t j = i + 1;
  while (j < text.size() && j - i <= kKeywordCharsMax && ascii::IsUpper(text[j])) {
    packed = packed * 32 + static_cast<uint64_t>(text[j] - 'A' + 1);
    ++j;
  }
  if (j == i + 1 || j >= text.size() || text[j] != '/') return {};
  const Keyword& k = kTable.slot[packed % kSlots];
  if (k.packed != packed) return {};
  return Found{k.key, j - i - 1};
}

std::string_view CleanValue(std::string_view v) {
  v = Trim(v);
  if (!v.empty() && v.back() == '/') v.remove_suffix(1);
  return Trim(v);
}

void SetIfEmpty(std::optional<std::string>& field, std::string_view value) {
  if (!field && !value.empty()) field = std::string(value);
}

// "/CNTP/<account>/<BIC>/<name>/<city>/": ING's positional counterparty.
void MapCounterpartyBlock(std::string_view value, StatementLine& line) {
  std::string_view parts[4];
  for (std::string_view& part : parts) {
    const size_t slash = value.find('/');
    part = Trim(value.substr(0, slash));
    value = slash == std::string_view::npos ? std::string_view() : value.substr(slash + 1);
  }
  SetIfEmpty(line.counterparty_account, parts[0]);
  SetIfEmpty(line.counterparty_bic, parts[1]);
  SetIfEmpty(line.counterparty_name, parts[2]);
}

// /REMI/ is plain text, or "USTD//<text>" (unstructured) or "STRD/<issuer>/<reference>".
void MapRemittance(std::string_view value, StatementLine& line) {
  if (value.starts_with(std::string_view("USTD//"))) {
    value = CleanValue(value.substr(6));
  } else if (value.starts_with(std::string_view("STRD/"))) {
    const std::string_view rest = value.substr(5);
    const size_t slash = rest.find('/');
    SetIfEmpty(line.structured_reference, CleanValue(slash == std::string_view::npos ? rest : rest.substr(slash + 1)));
    return;
  }
  SetIfEmpty(line.remittance_info, value);
}

}  // namespace

bool LooksLikeSlashKeywords(std::string_view text) { return !text.empty() && KeywordAt(text, 0).key != Key::kNone; }

void MapSlashKeywords(std::string_view text, StatementLine& line) {
  Key party = Key::kNone;  // the enclosing party keyword for NAME, IBAN ...
  std::string_view ultimate_name;
  size_t i = 0;
  Found next = KeywordAt(text, 0);
  while (i < text.size()) {
    const Found found = next;
    const size_t value_start = i + found.length + 2;
    // Each slash is looked at once: the keyword that ends this value starts the next.
    size_t end = text.find('/', value_start);
    next = {};
    while (end != std::string_view::npos && (next = KeywordAt(text, end)).key == Key::kNone) end = text.find('/', end + 1);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view value = CleanValue(text.substr(value_start, end - value_start));
    i = end;
    const bool ultimate = party == Key::kUltimateDebtor || party == Key::kUltimateCreditor;
    auto set_ultimate = [&](std::string_view name) {
      if (!name.empty()) {
        LineDetails& details = line.details.Edit();
        SetIfEmpty(party == Key::kUltimateDebtor ? details.ultimate_debtor : details.ultimate_creditor, name);
      }
      if (ultimate_name.empty()) ultimate_name = name;
    };
    switch (found.key) {
      case Key::kParty:
        party = found.key;
        continue;
      case Key::kUltimateDebtor:
      case Key::kUltimateCreditor:
        party = found.key;
        if (!value.empty()) set_ultimate(value);  // "/ULTD/J DOE/" without a nested /NAME/
        continue;
      case Key::kName:
        if (!ultimate) SetIfEmpty(line.counterparty_name, value);
        else set_ultimate(value);
        continue;
      case Key::kAccount:
      case Key::kBban:
        if (!ultimate) SetIfEmpty(line.counterparty_account, value);
        continue;
      case Key::kBic:
        if (!ultimate) SetIfEmpty(line.counterparty_bic, value);
        continue;
      case Key::kAddress:
        continue;  // a party's name, account, BIC and address belong to it; anything else ends it
      case Key::kCounterparty:
        MapCounterpartyBlock(value, line);
        break;
      case Key::kCreditorReference:
        SetIfEmpty(line.structured_reference, value);
        break;
      case Key::kRemittance:
        MapRemittance(value, line);
        break;
      case Key::kEndToEnd:
        if (value != std::string_view("NOTPROVIDED")) SetIfEmpty(line.end_to_end_id, value);
        break;
      case Key::kOriginalAmount:
        SetOriginalAmount(value, line);
        break;
      case Key::kCharges:
        SetCharges(value, line);
        break;
      case Key::kExchangeRate:
        SetExchangeRate(value, line);
        break;
      case Key::kMandate:
        if (!value.empty()) SetIfEmpty(line.details.Edit().mandate_id, value);
        break;
      case Key::kNone:
      case Key::kOther:
        break;
    }
    party = Key::kNone;
  }
  SetIfEmpty(line.counterparty_name, ultimate_name);
}

}  // namespace recon::mt940
