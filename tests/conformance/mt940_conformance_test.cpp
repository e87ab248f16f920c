// Every MT940 / MT942 file of ../shared/corpus/mt940 (RECOND_CORPUS_DIR): it parses, and agrees
// with the other parsers' expectation files where the corpus has them, or it is one of the
// deliberate rejections below and fails with exactly the error listed. Anything else fails
// the suite, in either direction. docs/parsers/mt940.md lists the same rejections.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/corpus.hpp"
#include "parsers/mt940/mt940_parser.hpp"
#include "parsers/mt940/statement_builder.hpp"

namespace recon {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Files that are not statements: the other parsers' expectations, their licences.
bool IsStatementFile(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  if (path.find("/_derived_json/") != std::string::npos) return false;
  if (name.starts_with("LICENSE")) return false;
  const std::string ext = fs::path(path).extension().string();
  return ext != ".json" && ext != ".yml";
}

struct Rejection {
  const char* file;      // below the corpus folder
  const char* location;  // the error's location, exactly
  const char* says;      // part of the error's message
  const char* reason;    // why the rejection is right (the same words as in docs/parsers/mt940.md)
};

constexpr const char* kSnippet =
    "a single field cut out of a statement for another parser's unit tests; there is no :20: to start a statement";
constexpr const char* kNoAccount = "a statement without :25:, so nobody can tell which account its lines are on";
constexpr const char* kDem =
    "the Deutsche Mark (DEM) was withdrawn in 2002 and is not in recond's ISO 4217 table, so no amount can be held";
constexpr const char* kNoComma = "a :61: amount without the decimal comma MT940 requires ('500' instead of '500,')";
constexpr const char* kFeb30 = "the file's own value date is 30 February 2016";

const Rejection kRejections[] = {
    {"mt940/betterplace-mt940_parser/amount_formats.txt", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/colon_in_descriptor.txt", "line 1", ":86: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/currency_in_25.txt", "line 1", ":25: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/empty_86.txt", "line 1", ":86: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/empty_entry_date.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/empty_line.txt", "line 2", "has no :25: field",
     "a lone :20: line cut out for another parser's unit tests"},
    {"mt940/betterplace-mt940_parser/missing_crlf_at_end.txt", "line 1", ":62F: stands outside a statement", kSnippet},
    {"mt940/betterplace-mt940_parser/sepa_snippet_broken.txt", "line 6", "a second :25: (account) in the statement",
     "deliberately broken by its authors: the :86: after a :61: is tagged :25:"},
    {"mt940/jejik-mt940/document/knab.txt", "line 19, column 16", "amount '500' has no decimal comma", kNoComma},
    {"mt940/railslove-cmxl/lines/account_balance_credit.txt", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/account_balance_debit.txt", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/account_balance_debit_broken.txt", "line 1", ":60F: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/account_identification_iban.txt", "line 1", ":25: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/account_identification_legacy.txt", "line 1", ":25: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/available_balance.txt", "line 1", ":64: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/closing_balance.txt", "line 1", ":62F: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/entry_date.txt", "line 1", ":13D: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/floor_limit_indicator_both.txt", "line 1", ":34F: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/floor_limit_indicator_credit.txt", "line 1", ":34F: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/floor_limit_indicator_debit.txt", "line 1", ":34F: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/reference.txt", "line 1", "has no :25: field",
     "a lone :20: line cut out for another parser's unit tests"},
    {"mt940/railslove-cmxl/lines/statement_details.txt", "line 1", ":86: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/statement_details_empty_fields.txt", "line 1", ":86: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/statement_line.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/statement_number.txt", "line 1", ":28C: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/statement_ocmt.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/statement_ocmt_chgs.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/statement_supplementary_complex.txt", "line 1", ":61: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/statement_supplementary_plain.txt", "line 1", ":61: stands outside a statement",
     kSnippet},
    {"mt940/railslove-cmxl/lines/vmk_summary_credit.txt", "line 1", ":90C: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/lines/vmk_summary_debit.txt", "line 1", ":90D: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/mt940-deutsche_bank.txt", "line 4, column 13", "'DEM' after the date", kDem},
    {"mt940/railslove-cmxl/mt940-headers.txt", "line 10, column 7", ":62F: date '141387' is not a calendar date",
     "the file's own dates are impossible (:62F: 13th month, :61: value date 362268); its amount '11 27421,94' has a "
     "space in it too"},
    {"mt940/railslove-cmxl/mt940-iso8859-1.txt", "line 15, column 7", ":62F: date '021131' is not a calendar date",
     "the file's own closing date is 31 November 2002"},
    {"mt940/railslove-cmxl/mt940-with-colon-after-line-break.txt", "line 4, column 13", "'DEM' after the date", kDem},
    {"mt940/railslove-cmxl/mt940.txt", "line 4, column 13", "'DEM' after the date", kDem},
    {"mt940/railslove-cmxl/statement-details-mt940.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/statement-details-mt942.txt", "line 1", ":34F: stands outside a statement", kSnippet},
    {"mt940/railslove-cmxl/statement-mt940.txt", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/svenstaro-mt940-rs/mt940/full/betterplace/sepa_snippet_broken.sta", "line 6",
     "a second :25: (account) in the statement",
     "deliberately broken by its authors: the :86: after a :61: is tagged :25:"},
    {"mt940/svenstaro-mt940-rs/mt940/full/jejik/knab_broken.sta", "line 17, column 16",
     "amount '500' has no decimal comma", kNoComma},
    {"mt940/svenstaro-mt940-rs/mt940/special-cases/february_30.sta", "line 6, column 5",
     ":61: value date '160230' is not a calendar date", kFeb30},
    {"mt940/svenstaro-mt940-rs/mt940/special-cases/invalid_statement.sta", "line 1", "holds no MT940 statement",
     "ten numbered lines, no MT940 at all"},
    {"mt940/svenstaro-mt940-rs/mt940/special-cases/unexpected_tag.sta", "line 2", "has no :25: field", kNoAccount},
    {"mt940/svenstaro-mt940-rs/mt942/full/cmxl/mt942_1.sta", "line 1", "the file is empty", "an empty file"},
    {"mt940/svenstaro-mt940-rs/mt942/full/mBank/mt942.sta", "line 4, column 13", "'DEM' after the date", kDem},
    {"mt940/svenstaro-mt940-rs/mt942/special-cases/raphaelm.sta", "line 13, column 13", "'DEM' after the date",
     "the Deutsche Mark (DEM) was withdrawn in 2002; the :62M: and :62F: balances have no currency at all"},
    {"mt940/webschik-mt940-js/base-1.mta", "line 10, column 13", "'DEM' after the date",
     "the Deutsche Mark (DEM) was withdrawn in 2002; the :62F: balances have no currency at all"},
    {"mt940/wolph-mt940/betterplace/amount_formats.sta", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/betterplace/currency_in_25.sta", "line 1", ":25: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/betterplace/empty_86.sta", "line 1", ":86: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/betterplace/empty_entry_date.sta", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/betterplace/empty_line.sta", "line 2", "has no :25: field",
     "a lone :20: line cut out for another parser's unit tests"},
    {"mt940/wolph-mt940/betterplace/missing_crlf_at_end.sta", "line 1", ":62F: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/betterplace/sepa_snippet_broken.sta", "line 6", "a second :25: (account) in the statement",
     "deliberately broken by its authors: the :86: after a :61: is tagged :25:"},
    {"mt940/wolph-mt940/cmxl/account_balance_credit.sta", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/account_balance_debit.sta", "line 1", ":60F: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/account_identification_iban.sta", "line 1", ":25: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/account_identification_legacy.sta", "line 1", ":25: stands outside a statement",
     kSnippet},
    {"mt940/wolph-mt940/cmxl/available_balance.sta", "line 1", ":64: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/closing_balance.sta", "line 1", ":62F: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/mt940.sta", "line 4, column 13", "'DEM' after the date", kDem},
    {"mt940/wolph-mt940/cmxl/reference.sta", "line 1", "has no :25: field",
     "a lone :20: line cut out for another parser's unit tests"},
    {"mt940/wolph-mt940/cmxl/statement_details.sta", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/statement_line.sta", "line 1", ":61: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/cmxl/statement_number.sta", "line 1", ":28C: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/jejik/knab.sta", "line 17, column 16", "amount '500' has no decimal comma", kNoComma},
    {"mt940/wolph-mt940/self-provided/empty_non_swift.sta", "line 1", ":NS: stands outside a statement", kSnippet},
    {"mt940/wolph-mt940/self-provided/february_30.sta", "line 6, column 5",
     ":61: value date '160230' is not a calendar date", kFeb30},
    {"mt940/wolph-mt940/self-provided/invalid_statement.sta", "line 1", "holds no MT940 statement",
     "ten numbered lines, no MT940 at all"},
    {"mt940/wolph-mt940/self-provided/raphaelm.sta", "line 13, column 13", "'DEM' after the date",
     "the Deutsche Mark (DEM) was withdrawn in 2002; the :62M: and :62F: balances have no currency at all"},
    {"mt940/wolph-mt940/self-provided/sparkassen.sta", "line 1", ":61: stands outside a statement",
     "a :61: broken over two lines and a :86: tag split by a line break, without :20:"},
    {"mt940/wolph-mt940/self-provided/transaction_details_wrapped.sta", "line 6, column 5",
     ":61: value date '160230' is not a calendar date", kFeb30},
    {"mt940/wolph-mt940/self-provided/wrapped_timestamp.sta", "line 5, column 5",
     ":61: value date '160230' is not a calendar date", kFeb30},
};

const Rejection* FindRejection(const std::string& file) {
  for (const Rejection& r : kRejections) {
    if (file == r.file) return &r;
  }
  return nullptr;
}

// ---- the expectation files, each in its author's own conventions --------------------------

std::string Str(const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

std::string Trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

// What recond keeps as the line's bank_reference from the two references another parser saw.
std::optional<std::string> Reference(const std::string& bank, const std::string& customer) {
  const std::string b = Trimmed(bank);
  const std::string c = Trimmed(customer);
  if (!b.empty() && b != "NONREF") return b;
  if (!c.empty() && c != "NONREF") return c;
  return std::nullopt;
}

// "1234.5" in minor units of the currency; the expectations write amounts with a point.
int64_t Minor(const std::string& text, const std::string& currency) {
  const int exponent = Currency::FromCode(currency) ? Currency::FromCode(currency)->exponent() : 2;
  std::string unsigned_text = text;
  bool negative = false;
  if (!unsigned_text.empty() && unsigned_text[0] == '-') {
    negative = true;
    unsigned_text.erase(0, 1);
  }
  auto minor = ParseMinorUnits(unsigned_text, exponent, DecimalSeparator::kPoint);
  EXPECT_TRUE(minor.ok()) << "expectation amount '" << text << "'";
  return minor.ok() ? (negative ? -*minor : *minor) : 0;
}

std::vector<const StatementLine*> AllLines(const ParsedFile& file) {
  std::vector<const StatementLine*> out;
  for (const Statement& s : file.statements) {
    for (const StatementLine& l : s.lines) out.push_back(&l);
  }
  return out;
}

std::string OrNone(const std::optional<std::string>& s) { return s.value_or("<none>"); }

// Where recond and an expectation file differ: "statement 2, line 3: amount: recond -20488, expected 20488".
class Diffs {
 public:
  void Scope(std::string scope) { scope_ = std::move(scope); }
  template <class A, class B>
  void Eq(const std::string& what, const A& got, const B& want) {
    if (got == want) return;
    std::ostringstream out;
    out << scope_ << (scope_.empty() ? "" : ": ") << what << ": recond " << ::testing::PrintToString(got)
        << ", expected " << ::testing::PrintToString(want);
    items_.push_back(out.str());
  }
  void Add(std::string text) { items_.push_back((scope_.empty() ? "" : scope_ + ": ") + std::move(text)); }
  const std::vector<std::string>& items() const { return items_; }

 private:
  std::string scope_;
  std::vector<std::string> items_;
};

std::string Place(size_t statement, size_t line) {
  std::string out = "statement " + std::to_string(statement + 1);
  if (line != std::string::npos) out += ", line " + std::to_string(line + 1);
  return out;
}

std::string Iso(const std::optional<Date>& d) { return d ? d->ToIso() : "<none>"; }

// svenstaro/mt940-rs: a serde dump, one object per statement.
void CheckSvenstaro(const json& expected, const ParsedFile& got, Diffs& d) {
  d.Eq("statements", got.statements.size(), expected.size());
  for (size_t i = 0; i < expected.size() && i < got.statements.size(); ++i) {
    d.Scope(Place(i, std::string::npos));
    const json& e = expected[i];
    const Statement& s = got.statements[i];
    std::string id = Str(e["transaction_ref_no"]) + "/" + Str(e["statement_no"]);
    if (e["sequence_no"].is_string()) id += "/" + Str(e["sequence_no"]);
    d.Eq("statement_id", s.statement_id, id);
    d.Eq("account", s.account, std::string(mt940::AccountOf(Str(e["account_id"]))));
    for (const bool opening : {true, false}) {
      const json& b = e[opening ? "opening_balance" : "closing_balance"];
      const std::string name = opening ? "opening balance" : "closing balance";
      const int64_t minor = Minor(Str(b["amount"]), Str(b["iso_currency_code"]));
      d.Eq(name, opening ? s.opening_balance : s.closing_balance,
           std::optional<int64_t>(Str(b["debit_credit_indicator"]) == "Debit" ? -minor : minor));
      d.Eq(name + " date", Iso(opening ? s.opening_date : s.closing_date), Str(b["date"]));
      d.Eq("currency", s.currency, Str(b["iso_currency_code"]));
    }
    const json& lines = e["statement_lines"];
    d.Eq("lines", s.lines.size(), lines.size());
    for (size_t k = 0; k < lines.size() && k < s.lines.size(); ++k) {
      d.Scope(Place(i, k));
      const json& l = lines[k];
      const StatementLine& g = s.lines[k];
      const std::string dc = Str(l["ext_debit_credit_indicator"]);
      const int64_t minor = Minor(Str(l["amount"]), s.currency);
      d.Eq("amount", g.amount.minor, dc == "Debit" ? -minor : minor);
      d.Eq("value date", Iso(g.value_date), Str(l["value_date"]));
      if (l["entry_date"].is_string()) d.Eq("booking date", g.booking_date.ToIso(), Str(l["entry_date"]));
      d.Eq("bank reference", OrNone(g.bank_reference), OrNone(Reference(Str(l["bank_ref"]), Str(l["customer_ref"]))));
    }
  }
}

// webschik/mt940-js: one object per statement, amounts as JSON numbers.
void CheckWebschik(const json& expected, const ParsedFile& got, Diffs& d) {
  d.Eq("statements", got.statements.size(), expected.size());
  for (size_t i = 0; i < expected.size() && i < got.statements.size(); ++i) {
    d.Scope(Place(i, std::string::npos));
    const json& e = expected[i];
    const Statement& s = got.statements[i];
    d.Eq("account", s.account, std::string(mt940::AccountOf(Str(e["accountId"]))));
    const int exponent = Currency::FromCode(s.currency) ? Currency::FromCode(s.currency)->exponent() : 2;
    auto minor_of = [&](const json& value) {
      return static_cast<int64_t>(std::llround(value.get<double>() * std::pow(10.0, exponent)));
    };
    for (const bool opening : {true, false}) {
      const json& b = e[opening ? "openingBalance" : "closingBalance"];
      const std::string name = opening ? "opening balance" : "closing balance";
      d.Eq(name, opening ? s.opening_balance : s.closing_balance,
           std::optional<int64_t>(b["isCredit"].get<bool>() ? minor_of(b["value"]) : -minor_of(b["value"])));
      d.Eq(name + " date", Iso(opening ? s.opening_date : s.closing_date), Str(b["date"]));
    }
    const json& lines = e["transactions"];
    d.Eq("lines", s.lines.size(), lines.size());
    for (size_t k = 0; k < lines.size() && k < s.lines.size(); ++k) {
      d.Scope(Place(i, k));
      const json& l = lines[k];
      const StatementLine& g = s.lines[k];
      d.Eq("amount", g.amount.minor, l["isCredit"].get<bool>() ? minor_of(l["amount"]) : -minor_of(l["amount"]));
      d.Eq("value date", Iso(g.value_date), Str(l["valueDate"]));
      if (!Str(l["entryDate"]).empty()) d.Eq("booking date", g.booking_date.ToIso(), Str(l["entryDate"]));
      d.Eq("bank reference", OrNone(g.bank_reference),
           OrNone(Reference(Str(l["bankReference"]), Str(l["customerReference"]))));
    }
  }
}

// WoLpH/mt940: the whole file folded into one statement object (each tag overwrites the one
// before) and one list of every transaction.
void CheckWolph(const json& expected, const ParsedFile& got, Diffs& d) {
  const std::vector<const StatementLine*> lines = AllLines(got);
  const json& transactions = expected["transactions"];
  d.Eq("lines", lines.size(), transactions.size());
  for (size_t k = 0; k < lines.size() && k < transactions.size(); ++k) {
    d.Scope("line " + std::to_string(k + 1) + " of the file");
    const json& t = transactions[k];
    const StatementLine& g = *lines[k];
    d.Eq("amount", g.amount.minor, Minor(Str(t["amount"]["amount"]), Str(t["amount"]["currency"])));
    d.Eq("value date", Iso(g.value_date), Str(t["date"]));
    if (t.contains("entry_date") && t["entry_date"].is_string()) {
      d.Eq("booking date", g.booking_date.ToIso(), Str(t["entry_date"]));
    }
    d.Eq("bank reference", OrNone(g.bank_reference),
         OrNone(Reference(Str(t["bank_reference"]), Str(t["customer_reference"]))));
    // The GVC subfields WoLpH splits out of :86:.
    if (t.contains("applicant_iban") && t["applicant_iban"].is_string()) {
      d.Eq("counterparty account", OrNone(g.counterparty_account), Str(t["applicant_iban"]));
    }
    if (t.contains("applicant_name") && t["applicant_name"].is_string()) {
      d.Eq("counterparty name", OrNone(g.counterparty_name), Trimmed(Str(t["applicant_name"])));
    }
    if (t.contains("end_to_end_reference") && t["end_to_end_reference"].is_string() &&
        Str(t["end_to_end_reference"]) != "NOTPROVIDED") {
      d.Eq("end-to-end id", OrNone(g.end_to_end_id), Trimmed(Str(t["end_to_end_reference"])));
    }
  }
  d.Scope("");
  // Each balance the folded statement kept must be one of ours.
  const json& st = expected["statement"];
  for (const char* key : {"final_opening_balance", "intermediate_opening_balance", "final_closing_balance",
                          "intermediate_closing_balance"}) {
    if (!st.contains(key) || !st[key].is_object()) continue;
    const bool opening = std::string(key).find("opening") != std::string::npos;
    const int64_t minor = Minor(Str(st[key]["amount"]["amount"]), Str(st[key]["amount"]["currency"]));
    const std::string date = Str(st[key]["date"]);
    bool found = false;
    for (const Statement& s : got.statements) {
      found = found || (opening ? s.opening_balance == minor && Iso(s.opening_date) == date
                                : s.closing_balance == minor && Iso(s.closing_date) == date);
    }
    if (!found) d.Add(std::string(key) + " " + std::to_string(minor) + " on " + date + " is no statement's balance");
  }
}

// betterplace/mt940_parser: one list of parsed tags per message.
void CheckBetterplace(const json& expected, const ParsedFile& got, Diffs& d) {
  const json& messages = expected["parsed"];
  d.Eq("statements", got.statements.size(), messages.size());
  for (size_t i = 0; i < messages.size() && i < got.statements.size(); ++i) {
    const Statement& s = got.statements[i];
    size_t k = 0;
    for (const json& tag : messages[i]) {
      d.Scope(Place(i, std::string::npos));
      const std::string type = Str(tag["__type__"]);
      if (type == "MT940::Job") {
        d.Eq("statement_id", s.statement_id.substr(0, s.statement_id.find('/')), Str(tag["reference"]));
      } else if (type == "MT940::AccountIdentification") {
        d.Eq("account", s.account, std::string(mt940::AccountOf(Str(tag["account_identifier"]))));
      } else if (type == "MT940::AccountBalance" || type == "MT940::ClosingBalance") {
        const bool opening = type == "MT940::AccountBalance";
        const std::string name = opening ? "opening balance" : "closing balance";
        const int64_t minor = tag["amount"].get<int64_t>();
        d.Eq(name, opening ? s.opening_balance : s.closing_balance,
             std::optional<int64_t>(Str(tag["sign"]) == ":debit" ? -minor : minor));
        d.Eq(name + " date", Iso(opening ? s.opening_date : s.closing_date), Str(tag["date"]));
      } else if (type == "MT940::StatementLine") {
        if (k >= s.lines.size()) {
          d.Add("more lines expected than recond read");
          break;
        }
        d.Scope(Place(i, k));
        const StatementLine& g = s.lines[k++];
        const std::string mark = Str(tag["funds_code"]);
        const int64_t minor = tag["amount"].get<int64_t>();
        d.Eq("amount", g.amount.minor, mark == ":debit" || mark == ":return_credit" ? -minor : minor);
        d.Eq("value date", Iso(g.value_date), Str(tag["date"]));
        if (tag["entry_date"].is_string()) d.Eq("booking date", g.booking_date.ToIso(), Str(tag["entry_date"]));
        d.Eq("bank reference", OrNone(g.bank_reference),
             OrNone(Reference(Str(tag["transaction_description"]), Str(tag["reference"]))));
      }
    }
    d.Scope(Place(i, std::string::npos));
    d.Eq("lines", s.lines.size(), k);
  }
}

// Where recond and another parser's expectation file disagree and recond is right. Each entry
// explains every difference in `file` whose text contains `diff`, and must explain at least one.
struct Disagreement {
  const char* file;
  const char* diff;
  const char* reason;
};

constexpr const char* kReversalOfCredit =
    "RC is the reversal of a credit, a debit entry (SWIFT MT940 field 61, subfield 3); read so, every statement of "
    "the file balances, read as money in (as this expectation does) it does not";
constexpr const char* kWolphReferences =
    "WoLpH's :61: pattern does not split the references after a funds code and '//' (\"CR50990,05NTRFNONREF//07247...\"); "
    "its bank_reference is empty or swallows the :86: text, recond's is the part after '//'";

constexpr const char* kWolphEndToEnd =
    "the EREF+ value fills only 21 of the 27 characters of ?20, so it ends there; the 'MTLG:' text in ?21 is a "
    "message about the return, which recond gives as remittance text, and WoLpH glues to the end-to-end id";
constexpr const char* kWolphWrapSpace =
    "the bank's 65-character line wrap fell on the space between two words of the name (a line ends in "
    "'Fuellzeichen ', the next starts 'xxxxxxxx'); WoLpH drops that space, recond keeps it";

const std::vector<Disagreement> kDisagreements = {
    {"mt940/betterplace-mt940_parser/with_binary_character.txt", "statements: recond 2, expected 1",
     "betterplace's parser stops at the non-ASCII letters in :20: ('STAR1\u00dcT\u00dfUMS'); its expectation holds that one "
     "tag"},
    {"mt940/betterplace-mt940_parser/with_binary_character.txt", "statement 1: lines: recond 3, expected 0",
     "betterplace's parser stops at the non-ASCII letters in :20:; it read no line"},
    {"mt940/svenstaro-mt940-rs/mt940/full/betterplace/sepa_mt9401.sta", "amount: recond -20488, expected 20488",
     kReversalOfCredit},
    {"mt940/svenstaro-mt940-rs/mt940/full/betterplace/with_binary_character.sta", "statement_id: recond \"STAR1\\xC3\\x9C",
     "mt940-rs transliterates the non-ASCII letters of :20: ('\u00dc' to 'U', '\u00df' to 'ss'); recond keeps the text as "
     "the bank sent it"},
    {"mt940/wolph-mt940/betterplace/sepa_mt9401.sta", "amount: recond -20488, expected 20488", kReversalOfCredit},
    {"mt940/wolph-mt940/betterplace/sepa_mt9401.sta", "bank reference:", kWolphReferences},
    {"mt940/wolph-mt940/betterplace/sepa_mt9401.sta", "MTLG:", kWolphEndToEnd},
    {"mt940/wolph-mt940/betterplace/sepa_mt9401.sta", "counterparty name:", kWolphWrapSpace},
    {"mt940/wolph-mt940/betterplace/sepa_snippet.sta", "bank reference:", kWolphReferences},
    {"mt940/wolph-mt940/betterplace/sepa_snippet.sta", "MTLG:", kWolphEndToEnd},
    {"mt940/wolph-mt940/jejik/postfinance.sta", "//NONREF\"",
     "WoLpH keeps \"01916//NONREF\" as one customer reference; recond splits at '//' and reads NONREF as no bank "
     "reference"},
};

void CheckDisagreements(const std::string& file, const std::vector<std::string>& diffs) {
  std::vector<bool> used(kDisagreements.size(), false);
  for (const std::string& diff : diffs) {
    bool explained = false;
    for (size_t i = 0; i < kDisagreements.size(); ++i) {
      if (file == kDisagreements[i].file && diff.find(kDisagreements[i].diff) != std::string::npos) {
        explained = true;
        used[i] = true;
      }
    }
    if (!explained) ADD_FAILURE() << "differs from the expectation file: " << diff;
  }
  for (size_t i = 0; i < kDisagreements.size(); ++i) {
    if (file == kDisagreements[i].file && !used[i]) {
      ADD_FAILURE() << "the listed disagreement '" << kDisagreements[i].diff << "' did not occur";
    }
  }
}

// The expectation file for a statement file, and which of the checks above reads it.
struct Expectation {
  fs::path path;
  void (*check)(const json&, const ParsedFile&, Diffs&) = nullptr;
};

Expectation ExpectationFor(const std::string& file) {
  const fs::path root(conformance::CorpusDir());
  const fs::path p(file);
  const std::string stem = p.stem().string();
  auto under = [&](const std::string& source) { return file.starts_with("mt940/" + source + "/"); };
  Expectation e;
  if (under("svenstaro-mt940-rs") || under("webschik-mt940-js")) {
    e.path = root / p.parent_path() / (stem + ".json");
    e.check = under("svenstaro-mt940-rs") ? &CheckSvenstaro : &CheckWebschik;
  } else if (under("wolph-mt940")) {
    const fs::path rel = fs::relative(p.parent_path(), "mt940/wolph-mt940");
    e.path = root / "mt940/wolph-mt940/_derived_json" / rel / (stem + ".expected.json");
    e.check = &CheckWolph;
  } else if (under("betterplace-mt940_parser")) {
    e.path = root / "mt940/betterplace-mt940_parser/_derived_json" / (stem + ".expected.json");
    e.check = &CheckBetterplace;
  }
  if (!e.check || !fs::exists(e.path)) return {};
  return e;
}

TEST(Mt940Conformance, EveryCorpusFileParsesOrIsADocumentedRejection) {
  if (conformance::CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  const std::vector<std::string> files = conformance::CorpusFiles("mt940");
  ASSERT_FALSE(files.empty()) << "no files under " << conformance::CorpusDir() << "/mt940";
  std::set<std::string> seen;
  size_t parsed = 0, rejected = 0, compared = 0;
  for (const std::string& file : files) {
    if (!IsStatementFile(file)) continue;
    SCOPED_TRACE(file);
    seen.insert(file);
    auto result = mt940::Mt940Parser().Parse(conformance::ReadCorpusFile(file), ParseOptions{});
    if (const Rejection* r = FindRejection(file)) {
      ++rejected;
      if (result.ok()) {
        ADD_FAILURE() << "listed as rejected (" << r->reason << ") but it parses";
        continue;
      }
      EXPECT_EQ(result.error().code, ErrorCode::kMalformedFile) << result.error().ToString();
      EXPECT_EQ(result.error().location, r->location) << result.error().ToString();
      EXPECT_NE(result.error().message.find(r->says), std::string::npos) << result.error().ToString();
      continue;
    }
    if (!result.ok()) {
      ADD_FAILURE() << "does not parse: " << result.error().ToString();
      continue;
    }
    ++parsed;
    EXPECT_FALSE(result->statements.empty());
    const Expectation expectation = ExpectationFor(file);
    if (!expectation.check) continue;
    ++compared;
    SCOPED_TRACE("expectation " + expectation.path.string());
    const json expected =
        json::parse(conformance::ReadCorpusFile(fs::relative(expectation.path, conformance::CorpusDir()).string()));
    Diffs diffs;
    expectation.check(expected, *result, diffs);
    CheckDisagreements(file, diffs.items());
  }
  for (const Rejection& r : kRejections) {
    EXPECT_TRUE(seen.count(r.file)) << r.file << " is listed as rejected but is not in the corpus";
  }
  std::printf("mt940 corpus: %zu parse (%zu checked against an expectation file), %zu rejected as listed\n", parsed,
              compared, rejected);
}

// The rejection table above and the one in docs/parsers/mt940.md name the same files.
TEST(Mt940Conformance, RejectionsAreDocumented) {
  std::ifstream in(RECOND_MT940_DOC);
  ASSERT_TRUE(in) << "cannot read " << RECOND_MT940_DOC;
  std::ostringstream text;
  text << in.rdbuf();
  for (const Rejection& r : kRejections) {
    const std::string name = std::string(r.file).substr(std::string("mt940/").size());
    EXPECT_NE(text.str().find("`" + name + "`"), std::string::npos) << name << " is not in " << RECOND_MT940_DOC;
  }
}

}  // namespace
}  // namespace recon
