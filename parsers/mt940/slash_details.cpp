// The slash-keyword form of :86: that Dutch and Belgian banks (ABN AMRO, ING, Rabobank, Knab,
// Triodos) write, after the SEPA conversion of their formats:
//
//   /TRTP/SEPA OVERBOEKING/IBAN/NL12ABNA0123456789/BIC/ABNANL2A/NAME/J DOE/REMI/Invoice 12/EREF/E2E-1
//   /EREF/E2E-1/ORDP//NAME/J DOE/ID/123/REMI/USTD//Invoice 12/
//
// A value runs to the next "/KEYWORD/" with a keyword from the list below, so a slash in a
// value ("NORDIC DESIGN A/S") stays text. Parties nest their details: /ORDP//NAME/.../ (the
// ordering party, for money in), /BENM//NAME/.../ (the beneficiary, for money out),
// /ULTD/ /ULTC/ (ultimate debtor and creditor, used only when nothing else names the party).
#include <optional>
#include <string>

#include "parsers/mt940/details.hpp"
#include "parsers/mt940/text.hpp"

namespace recon::mt940 {
namespace {

constexpr std::string_view kKeywords[] = {
    "ADDR", "BBAN", "BENM", "BIC",  "CDTRREF", "CDTRREFTP", "CHGS", "CNTP", "CSID", "EREF", "EXCH", "IBAN",
    "ISDT", "MARF", "NAME", "OCMT", "ORDP",    "PREF",      "PURP", "REMI", "RTRN", "SUM",  "SVCL", "TRTP",
    "ULTB", "ULTC", "ULTD",
};

// The keyword spelled at text[i+1...] and closed by '/', when text[i] is '/'.
std::string_view KeywordAt(std::string_view text, size_t i) {
  if (text[i] != '/') return {};
  const std::string_view rest = text.substr(i + 1);
  for (std::string_view k : kKeywords) {
    if (rest.size() > k.size() && rest[k.size()] == '/' && rest.starts_with(k)) return k;
  }
  return {};
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
  if (value.starts_with("USTD//")) {
    value = CleanValue(value.substr(6));
  } else if (value.starts_with("STRD/")) {
    const std::string_view rest = value.substr(5);
    const size_t slash = rest.find('/');
    SetIfEmpty(line.structured_reference, CleanValue(slash == std::string_view::npos ? rest : rest.substr(slash + 1)));
    return;
  }
  SetIfEmpty(line.remittance_info, value);
}

}  // namespace

bool LooksLikeSlashKeywords(std::string_view text) { return !text.empty() && text[0] == '/' && !KeywordAt(text, 0).empty(); }

void MapSlashKeywords(std::string_view text, StatementLine& line) {
  std::string_view party;  // the enclosing party keyword for NAME, IBAN ...
  std::string_view ultimate_name;
  size_t i = 0;
  while (i < text.size()) {
    const std::string_view key = KeywordAt(text, i);
    const size_t value_start = i + key.size() + 2;
    size_t end = value_start;
    while (end < text.size() && !(text[end] == '/' && !KeywordAt(text, end).empty())) ++end;
    const std::string_view value = CleanValue(text.substr(value_start, end - value_start));
    i = end;
    if (key == "ORDP" || key == "BENM" || key == "ULTD" || key == "ULTC" || key == "ULTB") {
      party = key;
      continue;
    }
    const bool ultimate = party == "ULTD" || party == "ULTC" || party == "ULTB";
    if (key == "NAME") {
      if (ultimate) {
        if (ultimate_name.empty()) ultimate_name = value;
      } else {
        SetIfEmpty(line.counterparty_name, value);
      }
    } else if (key == "IBAN" || key == "BBAN") {
      if (!ultimate) SetIfEmpty(line.counterparty_account, value);
    } else if (key == "BIC") {
      if (!ultimate) SetIfEmpty(line.counterparty_bic, value);
    } else if (key == "CNTP") {
      MapCounterpartyBlock(value, line);
    } else if (key == "CDTRREF") {
      SetIfEmpty(line.structured_reference, value);
    } else if (key == "REMI") {
      MapRemittance(value, line);
    } else if (key == "EREF") {
      if (value != "NOTPROVIDED") SetIfEmpty(line.end_to_end_id, value);
    }
    // A party's name, account, BIC and address belong to it; anything else ends it.
    if (key != "NAME" && key != "IBAN" && key != "BBAN" && key != "BIC" && key != "ADDR") party = {};
  }
  SetIfEmpty(line.counterparty_name, ultimate_name);
}

}  // namespace recon::mt940
