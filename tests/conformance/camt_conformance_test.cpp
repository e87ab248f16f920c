// camt conformance: every file under $RECOND_CORPUS_DIR/camt parses, or fails exactly as
// the table of deliberate rejections below says. Where the corpus has expectation files
// (genkgo-camt *.json beside each xml, OCA golden-*.pydata beside test-*), the
// statements, balances, lines, amounts, dates and references are checked against them.
// Warnings are results too: a file may only warn as the table of known warnings says.
// The tables are mirrored in docs/conformance/README.md.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "conformance/corpus.hpp"
#include "parsers/registry.hpp"

namespace recon {
namespace {

using nlohmann::json;

// Files recond refuses on purpose, and why. The suite fails when one of them parses.
struct Rejection {
  const char* file;
  ErrorCode code;
  const char* says;
  const char* reason;
};

const Rejection kRejections[] = {
    {"camt/genkgo-camt/camt053.v2.wrong.xml", ErrorCode::kMalformedFile, "holds no <Stmt>",
     "a BkToCstmrStmt message with a group header and no Stmt; the schema requires at least one statement"},
    {"camt/viafintech-camt_parser/052/valid_namespace.xml", ErrorCode::kUnsupportedFormat, "holds no BkToCstmrStmt",
     "an empty Document that only declares the camt.052.001.02 namespace (upstream tests namespace detection)"},
    {"camt/viafintech-camt_parser/053/valid_namespace.xml", ErrorCode::kUnsupportedFormat, "holds no BkToCstmrStmt",
     "an empty Document that only declares the camt.053.001.02 namespace"},
    {"camt/viafintech-camt_parser/general/invalid_namespace.xml", ErrorCode::kUnsupportedFormat,
     "holds no BkToCstmrStmt",
     "an empty Document in the camt.053.001.03 namespace (upstream calls .03 invalid; recond reads .03, but there "
     "is no message)"},
};

// Files whose statements carry warnings, each expected warning by a piece of its text.
// Every warning of a file must match one of its pieces, and every piece must occur.
struct KnownWarnings {
  const char* file;
  std::vector<std::string> says;
  const char* reason;
};

const KnownWarnings kKnownWarnings[] = {
    {"camt/genkgo-camt/camt053.v2.all-balance-types.xml", {"balance mismatch"},
     "every balance type with placeholder amounts (1.01, 2.02, ...) that do not add up"},
    {"camt/genkgo-camt/camt053.v2.five.decimals.xml", {"balance mismatch"}, "the example's CLBD is 27.05, not 27.00"},
    {"camt/genkgo-camt/camt053.v2.minimal.xml", {"the CLBD balance is in SEK"},
     "the example's CLBD is in SEK on an EUR account"},
    {"camt/genkgo-camt/camt053.v2.minimal.ultimate.xml", {"the CLBD balance is in SEK"}, "as above"},
    {"camt/genkgo-camt/camt053.v2.with-party-ids.xml", {"the CLBD balance is in SEK"}, "as above"},
    {"camt/genkgo-camt/camt053.v3.xml", {"the CLBD balance is in SEK"}, "as above"},
    {"camt/genkgo-camt/camt053.v4.xml", {"the CLBD balance is in SEK"}, "as above"},
    {"camt/genkgo-camt/camt053.v8.xml", {"the CLBD balance is in SEK"}, "as above"},
    {"camt/genkgo-camt/camt052.v2.with-account-name.xml", {"neither a booking nor a value date"},
     "a booked entry without BookgDt and ValDt; the report's creation date stands in"},
    {"camt/genkgo-camt/camt054.v2.with-account-name.xml", {"neither a booking nor a value date"}, "as above"},
    {"camt/genkgo-camt/camt054.v8-with-UETR.xml", {"neither a booking nor a value date"}, "as above"},
    {"camt/genkgo-camt/camt054.v8-with-financial-institution.xml", {"neither a booking nor a value date"},
     "as above"},
    {"camt/genkgo-camt/camt054.v2.xml", {"a batch entry kept as one line"},
     "a SEK entry whose TxDtls carry CHF amounts: the batch cannot be split without breaking the balance"},
    {"camt/genkgo-camt/camt054.v4.xml", {"a batch entry kept as one line"}, "as above"},
    {"camt/genkgo-camt/camt054.v8.xml", {"a batch entry kept as one line"}, "as above"},
    {"camt/oca-bank-statement-import/account_bank_statement_import_camt_oca/test_files/test-camt053-bookgdt-dttm",
     {"balance mismatch"}, "an excerpt of test-camt053 with one of its entries: the balances are the full file's"},
    {"camt/oca-bank-statement-import/account_statement_import_camt/test_files/test-camt053", {"balance mismatch"},
     "upstream's sample: OPBD 15568.27 and the entries (-12.99) do not reach CLBD 15121.12"},
    {"camt/oca-bank-statement-import/account_statement_import_camt/test_files/test-camt053.zip", {"balance mismatch"},
     "two edited copies of test-camt053 with the original balances"},
    {"camt/viafintech-camt_parser/053/valid_example_v8.xml",
     {"not in the account's currency", "balance mismatch"}, "an EUR entry on a CHF account"},
    {"camt/viafintech-camt_parser/053/valid_example_with_batch.xml", {"balance mismatch"},
     "balances of the original file around three of its entries"},
    {"camt/viafintech-camt_parser/053/valid_example_with_debit.xml", {"balance mismatch"},
     "valid_example.xml with the opening balance turned to a debit"},
    {"camt/viafintech-camt_parser/053/valid_example_with_instdamt.xml", {"balance mismatch"},
     "OPBD 100.00 + 4500.00 against CLBD 4500.00 in upstream's example"},
};

std::string Opt(const std::optional<std::string>& s) { return s ? *s : "(none)"; }

bool EndsWith(const std::string& s, std::string_view tail) { return s.size() >= tail.size() && s.ends_with(tail); }

// ---------------------------------------------------------------------------------
// Checks every result must meet, whatever the file.

void CheckInvariants(const std::string& file, const ParsedFile& parsed) {
  EXPECT_TRUE(parsed.format.starts_with("camt.") || parsed.format.starts_with("zip:camt.")) << file << ": "
                                                                                            << parsed.format;
  EXPECT_FALSE(parsed.statements.empty()) << file;
  for (const Statement& s : parsed.statements) {
    EXPECT_FALSE(s.account.empty()) << file;
    EXPECT_EQ(s.currency.size(), 3u) << file;
    for (const StatementLine& l : s.lines) {
      EXPECT_EQ(l.account, s.account) << file;
      if (l.end_to_end_id) {
        EXPECT_NE(*l.end_to_end_id, "NOTPROVIDED") << file;
      }
    }
  }
}

void CheckWarnings(const std::string& file, const ParsedFile& parsed) {
  std::vector<std::string> warnings;
  for (const Statement& s : parsed.statements) warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
  const KnownWarnings* known = nullptr;
  for (const KnownWarnings& k : kKnownWarnings) {
    if (file == k.file) known = &k;
  }
  if (known == nullptr) {
    for (const std::string& w : warnings) ADD_FAILURE() << file << ": unexpected warning: " << w;
    return;
  }
  for (const std::string& piece : known->says) {
    bool seen = false;
    for (const std::string& w : warnings) seen = seen || w.find(piece) != std::string::npos;
    EXPECT_TRUE(seen) << file << ": expected a warning saying '" << piece << "'";
  }
  for (const std::string& w : warnings) {
    bool listed = false;
    for (const std::string& piece : known->says) listed = listed || w.find(piece) != std::string::npos;
    EXPECT_TRUE(listed) << file << ": unexpected warning: " << w;
  }
}

// ---------------------------------------------------------------------------------
// genkgo-camt: a PHP object dump per xml. Records (Statement/Report/Notification)
// and Entries are found anywhere in the tree; "__RECURSIVITY__" marks objects already
// dumped higher up. Amounts are minor units, signed.

struct GenkgoEntry {
  std::string record_id;
  const json* entry;
};

bool IsRecord(const json& j) {
  if (!j.is_object() || !j.contains("__CLASS__")) return false;
  const std::string c = j["__CLASS__"];
  return EndsWith(c, "DTO\\Statement") || EndsWith(c, "DTO\\Report") || EndsWith(c, "DTO\\Notification");
}

bool IsEntry(const json& j) {
  return j.is_object() && j.contains("__CLASS__") && j["__CLASS__"] == "Genkgo\\Camt\\DTO\\Entry";
}

void CollectGenkgo(const json& j, const std::string& record_id, std::map<std::string, const json*>& records,
                   std::vector<GenkgoEntry>& entries) {
  if (j.is_array()) {
    for (const json& v : j) CollectGenkgo(v, record_id, records, entries);
    return;
  }
  if (!j.is_object()) return;
  std::string id = record_id;
  if (IsRecord(j)) {
    id = j.value("getId", "");
    records.emplace(id, &j);
  }
  if (IsEntry(j)) {
    std::string entry_record = id;
    if (j.contains("getRecord") && IsRecord(j["getRecord"])) entry_record = j["getRecord"].value("getId", "");
    entries.push_back({entry_record, &j});
  }
  for (const auto& [key, value] : j.items()) CollectGenkgo(value, id, records, entries);
}

std::string DatePart(const json& date) {
  if (!date.is_object() || !date.contains("0")) return "";
  return date["0"].get<std::string>().substr(0, 10);
}

const json* Field(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key) || (*at)[key].is_null()) return nullptr;
    at = &(*at)[key];
  }
  return at;
}

std::optional<std::string> Text(const json& j, std::initializer_list<const char*> path) {
  const json* f = Field(j, path);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return f->get<std::string>();
}

// The balances genkgo names opening/closing/interim, chosen by recond's rule
// (camt_statement_mapper.cpp): opening = OPBD/PRCD ("opening"), else the first ITBD
// when something closes the period; closing = CLBD ("closing"), else the last ITBD left.
void ExpectedBalances(const json& record, std::optional<std::pair<int64_t, std::string>>& opening,
                      std::optional<std::pair<int64_t, std::string>>& closing) {
  std::vector<std::pair<int64_t, std::string>> interim;
  const json* balances = Field(record, {"getBalances"});
  if (balances == nullptr) return;
  for (const json& b : *balances) {
    if (!b.is_object()) continue;
    const std::string type = b.value("getType", "");
    const int64_t amount = std::stoll(b["getAmount"]["getAmount"].get<std::string>());
    const std::string currency = b["getAmount"]["getCurrency"]["getCode"];
    if (type == "opening" && !opening) opening = std::make_pair(amount, currency);
    if (type == "closing" && !closing) closing = std::make_pair(amount, currency);
    if (type == "interim") interim.emplace_back(amount, currency);
  }
  size_t used = interim.size();
  if (!opening && !interim.empty() && (closing || interim.size() >= 2)) {
    opening = interim.front();
    used = 0;
  }
  if (!closing && !interim.empty() && !(used == 0 && interim.size() == 1)) closing = interim.back();
}

void CheckBalance(const std::string& what, const std::optional<int64_t>& ours, const Statement& s,
                  const std::optional<std::pair<int64_t, std::string>>& expected, const std::string& file) {
  if (!expected) {
    EXPECT_FALSE(ours.has_value()) << file << ": " << what << " balance " << *ours << " where genkgo has none";
  } else if (expected->second != s.currency) {
    EXPECT_FALSE(ours.has_value()) << file << ": " << what << " balance in " << expected->second
                                   << " on a " << s.currency << " account is not used";
  } else {
    EXPECT_EQ(ours, expected->first) << file << ": " << what << " balance";
  }
}

// The lines one genkgo entry becomes in recond: one per transaction when every
// transaction has an amount in the entry's currency and they add up, else one.
std::vector<std::pair<int64_t, const json*>> ExpectedLines(const json& entry) {
  const int64_t amount = std::stoll(entry["getAmount"]["getAmount"].get<std::string>());
  const std::string currency = entry["getAmount"]["getCurrency"]["getCode"];
  std::vector<const json*> details;
  if (const json* list = Field(entry, {"getTransactionDetails"})) {
    for (const json& d : *list) {
      if (d.is_object()) details.push_back(&d);
    }
  }
  if (details.empty()) {
    if (const json* d = Field(entry, {"getTransactionDetail"}); d != nullptr && d->is_object()) details.push_back(d);
  }
  if (details.size() >= 2) {
    std::vector<std::pair<int64_t, const json*>> lines;
    int64_t sum = 0;
    for (const json* d : details) {
      const json* a = Field(*d, {"getAmount"});
      if (a == nullptr || (*a)["getCurrency"]["getCode"] != currency) return {{amount, nullptr}};
      const int64_t minor = std::stoll((*a)["getAmount"].get<std::string>());
      sum += minor;
      lines.emplace_back(minor, d);
    }
    if (sum == amount) return lines;
    return {{amount, nullptr}};
  }
  return {{amount, details.empty() ? nullptr : details.front()}};
}

std::string GenkgoCode(const json& holder) {
  if (auto d = Text(holder, {"getBankTransactionCode", "getDomain", "getCode"})) {
    std::string code = *d;
    if (auto f = Text(holder, {"getBankTransactionCode", "getDomain", "getFamily", "getCode"})) code += "-" + *f;
    if (auto s = Text(holder, {"getBankTransactionCode", "getDomain", "getFamily", "getSubFamilyCode"})) code += "-" + *s;
    return code;
  }
  return Text(holder, {"getBankTransactionCode", "getProprietary", "getCode"}).value_or("");
}

void CheckGenkgoLine(const std::string& file, const json& entry, const json* detail, const StatementLine& line) {
  if (auto ref = Text(entry, {"getAccountServicerReference"})) {
    EXPECT_EQ(Opt(line.bank_reference), *ref) << file;
  }
  std::string code = detail != nullptr ? GenkgoCode(*detail) : "";
  if (code.empty()) code = GenkgoCode(entry);
  if (entry.value("getReversalIndicator", false)) code += "+RVSL";
  if (!code.empty()) {
    EXPECT_EQ(Opt(line.bank_transaction_code), code) << file;
  }
  if (detail == nullptr) return;
  if (auto e2e = Text(*detail, {"getReference", "getEndToEndId"}); e2e && *e2e != "NOTPROVIDED") {
    EXPECT_EQ(Opt(line.end_to_end_id), *e2e) << file;
  }
  auto sref = Text(*detail, {"getRemittanceInformation", "getStructuredBlock", "getCreditorReferenceInformation",
                             "getRef"});
  if (!sref) sref = Text(*detail, {"getRemittanceInformation", "getCreditorReferenceInformation", "getRef"});
  if (sref) {
    EXPECT_EQ(Opt(line.structured_reference), *sref) << file;
  }
  if (auto text = Text(*detail, {"getRemittanceInformation", "getUnstructuredBlock", "getMessage"})) {
    EXPECT_NE(Opt(line.remittance_info).find(*text), std::string::npos)
        << file << ": remittance '" << Opt(line.remittance_info) << "' lacks '" << *text << "'";
  }
  // The line details genkgo reads too.
  const LineDetails& details = line.details.Get();
  if (auto instruction = Text(*detail, {"getReference", "getInstructionId"})) {
    EXPECT_EQ(details.customer_reference.value_or(""), *instruction) << file;
  }
  if (auto mandate = Text(*detail, {"getReference", "getMandateId"})) {
    EXPECT_EQ(details.mandate_id.value_or(""), *mandate) << file;
  }
  if (auto cheque = Text(*detail, {"getReference", "getChequeNumber"})) {
    EXPECT_EQ(details.check_number.value_or(""), *cheque) << file;
  }
  if (const json* total = Field(*detail, {"getCharges", "getTotalChargesAndTaxAmount"}); total && total->is_object()) {
    ASSERT_TRUE(details.charges.has_value()) << file << ": charges";
    EXPECT_EQ(std::to_string(details.charges->minor), (*total)["getAmount"].get<std::string>()) << file;
    EXPECT_EQ(std::string(details.charges->currency.code()), (*total)["getCurrency"]["getCode"].get<std::string>())
        << file;
  }
  std::set<std::string> names;
  if (const json* parties = Field(*detail, {"getRelatedParties"})) {
    for (const json& p : *parties) {
      if (auto name = Text(p, {"getRelatedPartyType", "getName"})) names.insert(*name);
    }
  }
  if (line.counterparty_name) {
    EXPECT_TRUE(names.count(*line.counterparty_name)) << file << ": counterparty " << *line.counterparty_name;
  }
}

// Returns the number of entries found and compared.
// With `with_pending`, `parsed` was read with include_pending and every entry genkgo lists,
// pending ones too, must be there (their line details are compared as well).
size_t CheckGenkgo(const std::string& file, const std::string& expectation, const ParsedFile& parsed,
                   bool with_pending = false) {
  const json dump = json::parse(conformance::ReadCorpusFile(expectation));
  std::map<std::string, const json*> records;
  std::vector<GenkgoEntry> entries;
  CollectGenkgo(dump, "", records, entries);
  EXPECT_FALSE(records.empty()) << expectation;
  size_t compared = 0;
  // genkgo dumps the records its entries point to; a statement without a dumped entry
  // may be missing from the dump.
  EXPECT_LE(records.size(), parsed.statements.size()) << file;
  for (const auto& [id, record] : records) {
    const Statement* s = nullptr;
    for (const Statement& candidate : parsed.statements) {
      if (candidate.statement_id == id) s = &candidate;
    }
    if (s == nullptr) {
      ADD_FAILURE() << file << ": no statement " << id;
      continue;
    }
    if (auto account = Text(*record, {"getAccount", "getIdentification"})) {
      EXPECT_EQ(s->account, *account) << file;
    }
    std::optional<std::pair<int64_t, std::string>> opening, closing;
    ExpectedBalances(*record, opening, closing);
    CheckBalance("opening", s->opening_balance, *s, opening, file);
    CheckBalance("closing", s->closing_balance, *s, closing, file);
  }
  // Every booked entry genkgo lists must appear, as its consecutive lines, in its statement.
  std::map<const Statement*, std::vector<bool>> used;
  size_t expected_lines = 0;
  for (const GenkgoEntry& e : entries) {
    const json& entry = *e.entry;
    if (!with_pending && entry.value("getStatus", "") != "BOOK") continue;
    const Statement* s = nullptr;
    for (const Statement& candidate : parsed.statements) {
      if (candidate.statement_id == e.record_id) s = &candidate;
    }
    if (s == nullptr) {
      ADD_FAILURE() << file << ": no statement " << e.record_id;
      continue;
    }
    std::vector<bool>& taken = used[s];
    taken.resize(s->lines.size());
    const auto lines = ExpectedLines(entry);
    expected_lines += lines.size();
    std::string date = DatePart(entry.value("getBookingDate", json()));
    if (date.empty()) date = DatePart(entry.value("getValueDate", json()));
    bool found = false;
    for (size_t start = 0; !found && start + lines.size() <= s->lines.size(); ++start) {
      bool fits = true;
      for (size_t k = 0; fits && k < lines.size(); ++k) {
        const StatementLine& l = s->lines[start + k];
        fits = !taken[start + k] && l.amount.minor == lines[k].first &&
               (date.empty() || l.booking_date.ToIso() == date);
      }
      if (!fits) continue;
      found = true;
      for (size_t k = 0; k < lines.size(); ++k) {
        taken[start + k] = true;
        CheckGenkgoLine(file, entry, lines[k].second, s->lines[start + k]);
      }
    }
    EXPECT_TRUE(found) << file << ": no run of lines for the entry of " << lines.front().first << " on " << date;
    compared += found;
  }
  // genkgo dumps every entry of a single statement; of several, only some.
  if (records.size() == 1 && !with_pending) {
    EXPECT_EQ(parsed.statements.front().lines.size(), expected_lines) << file;
  }
  return compared;
}

// ---------------------------------------------------------------------------------
// OCA golden-*.pydata: the Python repr of what Odoo imports, read into json:
// dicts, lists and tuples, strings (adjacent literals joined), numbers kept as text
// (amounts are exact decimals), None, True, False.

class PyLiteral {
 public:
  explicit PyLiteral(std::string_view text) : s_(text) {}
  json Read() {
    Space();
    const char c = Peek();
    if (c == '(' || c == '[') return Sequence(c == '(' ? ')' : ']');
    if (c == '{') return Dict();
    if (c == '\'' || c == '"') {
      std::string out;
      while (Peek() == '\'' || Peek() == '"') {
        out += String();
        Space();
      }
      return out;
    }
    if (Word("None")) return nullptr;
    if (Word("True")) return true;
    if (Word("False")) return false;
    std::string number;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '.' ||
                              s_[i_] == 'e' || s_[i_] == '+')) {
      number += s_[i_++];
    }
    if (number.empty()) throw std::runtime_error("unexpected '" + std::string(1, c) + "' in pydata");
    return json{{"number", number}};
  }

 private:
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void Space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  json Sequence(char close) {
    json out = json::array();
    ++i_;
    for (Space(); Peek() != close; Space()) {
      out.push_back(Read());
      Space();
      if (Peek() == ',') ++i_;
    }
    ++i_;
    return out;
  }
  json Dict() {
    json out = json::object();
    ++i_;
    for (Space(); Peek() != '}'; Space()) {
      const std::string key = Read().get<std::string>();
      Space();
      ++i_;  // ':'
      out[key] = Read();
      Space();
      if (Peek() == ',') ++i_;
    }
    ++i_;
    return out;
  }
  std::string String() {
    const char quote = s_[i_++];
    std::string out;
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        const char e = s_[++i_];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += s_[i_];
      }
      ++i_;
    }
    ++i_;
    return out;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// OCA files whose TxDtls carry a BkTxCd of their own (PMNT-RCDT-AUTT, -ATXN) under an
// entry coded PMNT-RCDT-VCOM: Odoo shows the entry's code, recond the transaction's.
bool CodeFromTransaction(const std::string& file) {
  return file.ends_with("/test-camt053-txdtls") || file.ends_with("/test-camt054");
}

int64_t PyAmount(const json& number, const std::string& currency) {
  const auto c = Currency::FromCode(currency);
  auto minor = ParseMinorUnits(number["number"].get<std::string>(), c ? c->exponent() : 2, DecimalSeparator::kPoint);
  return minor ? *minor : INT64_MIN;
}

// "Key (Path): value" lines of OCA's narration.
std::optional<std::string> Narration(const json& transaction, std::string_view key) {
  const std::string narration = transaction.value("narration", "");
  size_t at = 0;
  while (at < narration.size()) {
    const size_t end = std::min(narration.find('\n', at), narration.size());
    const std::string_view line = std::string_view(narration).substr(at, end - at);
    if (line.starts_with(key)) return std::string(line.substr(line.find(": ") + 2));
    at = end + 1;
  }
  return std::nullopt;
}

// Returns the number of lines compared.
size_t CheckOca(const std::string& file, const std::string& expectation, const ParsedFile& parsed) {
  const json golden = PyLiteral(conformance::ReadCorpusFile(expectation)).Read();
  if (!golden.is_array() || golden.size() != 3) {
    ADD_FAILURE() << expectation << ": not a (currency, account, statements) tuple";
    return 0;
  }
  if (golden[0].is_null()) {
    // Odoo imports nothing from a statement without entries; recond keeps the statement
    // (its balances still say how the account stands) with no lines.
    for (const Statement& s : parsed.statements) {
      EXPECT_TRUE(s.lines.empty()) << file;
    }
    return 0;
  }
  size_t compared = 0;
  const std::string currency = golden[0];
  const json& statements = golden[2];
  if (parsed.statements.size() != statements.size()) {
    ADD_FAILURE() << file << ": " << parsed.statements.size() << " statements, Odoo has " << statements.size();
    return 0;
  }
  const bool notification = parsed.format.starts_with("camt.054");
  for (size_t i = 0; i < statements.size(); ++i) {
    const Statement& s = parsed.statements[i];
    const json& g = statements[i];
    EXPECT_EQ(s.account, golden[1].get<std::string>()) << file;
    EXPECT_EQ(s.currency, currency) << file;
    EXPECT_EQ(s.statement_id, g["name"].get<std::string>()) << file;
    // A camt.054 has no balances; Odoo writes 0.0 for them.
    const int64_t start = PyAmount(g["balance_start"], currency);
    const int64_t end = PyAmount(g["balance_end_real"], currency);
    if (notification && start == 0 && end == 0) {
      EXPECT_FALSE(s.opening_balance.has_value()) << file;
      EXPECT_FALSE(s.closing_balance.has_value()) << file;
    } else {
      EXPECT_EQ(s.opening_balance, start) << file;
      EXPECT_EQ(s.closing_balance, end) << file;
    }
    const json& transactions = g["transactions"];
    if (s.lines.size() != transactions.size()) {
      ADD_FAILURE() << file << ": " << s.lines.size() << " lines, Odoo has " << transactions.size();
      continue;
    }
    compared += transactions.size();
    for (size_t k = 0; k < transactions.size(); ++k) {
      const json& t = transactions[k];
      const StatementLine& l = s.lines[k];
      EXPECT_EQ(l.amount.minor, PyAmount(t["amount"], currency)) << file << " line " << k;
      EXPECT_EQ(l.booking_date.ToIso(), t["date"].get<std::string>()) << file << " line " << k;
      EXPECT_EQ(Opt(l.counterparty_name), t["partner_name"].get<std::string>()) << file << " line " << k;
      EXPECT_EQ(Opt(l.counterparty_account), t["account_number"].get<std::string>()) << file << " line " << k;
      // Odoo takes the entry's BkTxCd; recond the transaction's own when the TxDtls has one.
      if (!CodeFromTransaction(file)) {
        EXPECT_EQ(Opt(l.bank_transaction_code).substr(0, t["transaction_type"].get<std::string>().size()),
                  t["transaction_type"].get<std::string>())
            << file << " line " << k;
      }
      if (auto e2e = Narration(t, "End To End Id")) {
        EXPECT_EQ(Opt(l.end_to_end_id), *e2e) << file << " line " << k;
      }
      if (auto sref = Narration(t, "Structured Reference")) {
        EXPECT_EQ(Opt(l.structured_reference), *sref) << file << " line " << k;
      }
      if (auto ustrd = Narration(t, "Unstructured Reference")) {
        EXPECT_NE(Opt(l.remittance_info).find(*ustrd), std::string::npos) << file << " line " << k;
      }
      const bool reversal = Narration(t, "Reversal Indicator").value_or("false") == "true";
      EXPECT_EQ(EndsWith(Opt(l.bank_transaction_code), "+RVSL"), reversal) << file << " line " << k;
    }
  }
  return compared;
}

// ---------------------------------------------------------------------------------

std::string Sibling(const std::string& file, const std::string& name) {
  const size_t slash = file.rfind('/');
  return file.substr(0, slash + 1) + name;
}

// The expectation file of a corpus file, when the corpus has one.
std::string ExpectationOf(const std::string& file, const std::set<std::string>& all) {
  if (file.ends_with(".xml")) {
    const std::string json_file = file.substr(0, file.size() - 4) + ".json";
    if (all.count(json_file)) return json_file;
  }
  const std::string base = file.substr(file.rfind('/') + 1);
  if (base.starts_with("test-")) {
    const std::string golden = Sibling(file, "golden-" + base.substr(5) + ".pydata");
    if (all.count(golden)) return golden;
  }
  return "";
}

bool IsExpectation(const std::string& file) { return file.ends_with(".json") || file.ends_with(".pydata"); }

TEST(CamtConformance, EveryCorpusFileParsesOrIsADeliberateRejection) {
  if (conformance::CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  const std::vector<std::string> files = conformance::CorpusFiles("camt");
  ASSERT_FALSE(files.empty()) << "no files under " << conformance::CorpusDir() << "/camt";
  const std::set<std::string> all(files.begin(), files.end());
  for (const Rejection& r : kRejections) EXPECT_TRUE(all.count(r.file)) << "stale rejection: " << r.file;
  for (const KnownWarnings& k : kKnownWarnings) EXPECT_TRUE(all.count(k.file)) << "stale warning entry: " << k.file;

  size_t parsed_files = 0, checked = 0, rejected = 0, entries = 0, pending_entries = 0, lines = 0;
  for (const std::string& file : files) {
    if (IsExpectation(file)) continue;
    SCOPED_TRACE(file);
    const std::string bytes = conformance::ReadCorpusFile(file);
    const std::string detected = parsers::DetectFormat(bytes);
    const Rejection* rejection = nullptr;
    for (const Rejection& r : kRejections) {
      if (file == r.file) rejection = &r;
    }
    auto parsed = parsers::ParseStatementFile(bytes, ParseOptions{});
    if (rejection != nullptr) {
      ++rejected;
      ASSERT_FALSE(parsed.ok()) << file << " should be refused: " << rejection->reason;
      EXPECT_EQ(parsed.error().code, rejection->code) << parsed.error().ToString();
      EXPECT_NE(parsed.error().ToString().find(rejection->says), std::string::npos) << parsed.error().ToString();
      EXPECT_FALSE(parsed.error().location.empty()) << "a rejection names the place";
      continue;
    }
    EXPECT_TRUE(detected == "camt" || detected == "zip") << file << " detected as '" << detected << "'";
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    ++parsed_files;
    CheckInvariants(file, *parsed);
    CheckWarnings(file, *parsed);
    // Also asking for pending entries never makes a good file fail.
    ParseOptions pending;
    pending.include_pending = true;
    const auto with_pending = parsers::ParseStatementFile(bytes, pending);
    EXPECT_TRUE(with_pending.ok());
    const std::string expectation = ExpectationOf(file, all);
    if (expectation.empty()) continue;
    ++checked;
    if (expectation.ends_with(".json")) {
      entries += CheckGenkgo(file, expectation, *parsed);
      if (with_pending.ok()) pending_entries += CheckGenkgo(file, expectation, *with_pending, true);
    } else {
      lines += CheckOca(file, expectation, *parsed);
    }
  }
  // Every expectation file belongs to a corpus file that was checked against it.
  for (const std::string& file : files) {
    if (!IsExpectation(file)) continue;
    bool owned = false;
    for (const std::string& other : files) owned = owned || (!IsExpectation(other) && ExpectationOf(other, all) == file);
    EXPECT_TRUE(owned) << "expectation without its file: " << file;
  }
  std::printf(
      "camt corpus: %zu files parsed, %zu of them against expectation files (%zu genkgo entries, %zu with pending "
      "ones, %zu OCA lines compared field by field), %zu deliberately rejected\n",
      parsed_files, checked, entries, pending_entries, lines, rejected);
}

}  // namespace
}  // namespace recon
