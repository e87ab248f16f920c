#include "parsers/mt940/statement_builder.hpp"

#include <optional>
#include <string>
#include <vector>

#include "parsers/mt940/details.hpp"
#include "parsers/mt940/fields.hpp"
#include "parsers/mt940/foreign_exchange.hpp"
#include "parsers/mt940/references.hpp"
#include "parsers/mt940/statement_line_field.hpp"
#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

std::string_view FirstLineOf(const Field& field) {
  LineReader lines(field.text);
  std::string_view line;
  lines.Next(line);
  return Trim(line);
}

Error At(const Field& field, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), LineLocation(field.line));
}

std::string Where(const Field& field) { return std::string(TagName(field.tag)) + " on line " + std::to_string(field.line); }

// What pass 1 learns about a statement before its lines are read.
struct Header {
  std::optional<Balance> opening;
  std::optional<Balance> closing;
  const Field* opening_field = nullptr;
  const Field* closing_field = nullptr;
  std::optional<Currency> currency;  // of the lines
  std::optional<EntryTotals> debit_totals;
  std::optional<EntryTotals> credit_totals;
  const Field* account_field = nullptr;
  std::string_view sequence;
  size_t line_count = 0;
  const Field* first_line = nullptr;
  bool mt942 = false;
  std::optional<Currency> floor_currency;  // from :34F:
  std::optional<Currency> other_currency;  // from :64: :65: :90D: :90C:
  std::optional<Balance> available;        // :64:, else the first :65:
  bool available_closing = false;          // `available` is from :64:
  // The first of each field that a statement has once, for the warnings about a second.
  const Field* sequence_field = nullptr;
  const Field* available_field = nullptr;  // the first :64:
  const Field* debit_totals_field = nullptr;
  const Field* credit_totals_field = nullptr;
  const Field* floor_field = nullptr;       // the first :34F:
  const Field* other_floor_field = nullptr;  // a :34F: in another currency than the first
};

// A field the statement has once came again: the same text is read once, other text is
// set aside (the first is read); either way with a warning. Used for the fields that do
// not decide the money (the sequence number, the available balance, the totals).
void NoteSecond(const Field& first, const Field& second, std::string_view what, Statement& statement) {
  const bool same = Trim(first.text) == Trim(second.text);
  statement.warnings.push_back(LineLocation(second.line) + ": a second " + std::string(TagName(second.tag)) + " (" +
                               std::string(what) + ") in the statement, after " + Where(first) + "; " +
                               (same ? "it says the same, so it is read once"
                                     : "it says otherwise: the first is read and this one set aside"));
}

// :25: names the account, once per statement (`start` is the statement's :20:).
Status ReadAccount(const Field& f, const Field& start, Header& h, Statement& statement) {
  if (h.account_field) {
    return At(f, "a second :25: (account) in the statement that starts on line " + std::to_string(start.line) +
                     " (the first is on line " + std::to_string(h.account_field->line) +
                     "); each statement has one account, and a new statement starts with :20:");
  }
  h.account_field = &f;
  statement.account = std::string(AccountOf(FirstLineOf(f)));
  if (statement.account.empty()) return At(f, ":25: is empty; it must name the account");
  return Status::Ok();
}

// :28: (or :28C:), the statement number.
void ReadSequence(const Field& f, Header& h, Statement& statement) {
  if (h.sequence_field) {
    NoteSecond(*h.sequence_field, f, "statement number", statement);
    return;
  }
  h.sequence_field = &f;
  h.sequence = FirstLineOf(f);
}

// :60F:/:60M: (opening) and :62F:/:62M: (closing): they decide the money, so a second is
// refused, not read over.
Status ReadBookedBalance(const Field& f, Header& h) {
  const bool opening = f.tag == Tag::k60F || f.tag == Tag::k60M;
  const Field*& seen = opening ? h.opening_field : h.closing_field;
  if (seen) {
    return At(f, std::string("a second ") + (opening ? "opening" : "closing") + " balance in the statement (the first is " +
                     Where(*seen) + "); a new statement starts with :20:");
  }
  auto balance = ParseBalance(f);
  if (!balance) return balance.error();
  seen = &f;
  (opening ? h.opening : h.closing) = *balance;
  return Status::Ok();
}

// :64: is the available balance at the close, once; :65: a forward one, once per forward
// date, used only without a :64:.
Status ReadAvailableBalance(const Field& f, Header& h, Statement& statement) {
  auto balance = ParseBalance(f);
  if (!balance) return balance.error();
  if (f.tag == Tag::k64 && h.available_field) {
    NoteSecond(*h.available_field, f, "closing available balance", statement);
    return Status::Ok();
  }
  if (f.tag == Tag::k64) h.available_field = &f;
  if (!h.other_currency) h.other_currency = balance->currency;
  if (f.tag == Tag::k64 ? !h.available_closing : !h.available) {
    h.available = *balance;
    h.available_closing = f.tag == Tag::k64;
  }
  return Status::Ok();
}

// :34F: makes the statement an MT942, which has one floor limit, or two (the debit and
// the credit one).
Status ReadFloorLimit(const Field& f, Header& h) {
  auto currency = ParseFloorLimit(f);
  if (!currency) return currency.error();
  if (!h.floor_currency) {
    h.floor_currency = *currency;
    h.floor_field = &f;
  } else if (!(*h.floor_currency == *currency) && !h.other_floor_field) {
    h.other_floor_field = &f;
  }
  h.mt942 = true;
  return Status::Ok();
}

// :13D: (the time of the report) makes the statement an MT942; it is checked, not kept.
Status ReadReportTime(const Field& f, Header& h) {
  auto time = ParseReportTime(f);
  if (!time) return time.error();
  h.mt942 = true;
  return Status::Ok();
}

// :90D: and :90C:, the number and sum of the debit and of the credit lines.
Status ReadEntryTotals(const Field& f, Header& h, Statement& statement) {
  auto totals = ParseEntryTotals(f);
  if (!totals) return totals.error();
  const bool debit = f.tag == Tag::k90D;
  const Field*& seen = debit ? h.debit_totals_field : h.credit_totals_field;
  if (seen) {
    NoteSecond(*seen, f, debit ? "number and sum of debits" : "number and sum of credits", statement);
    return Status::Ok();
  }
  seen = &f;
  (debit ? h.debit_totals : h.credit_totals) = *totals;
  if (!h.other_currency) h.other_currency = totals->currency;
  return Status::Ok();
}

// One field of pass 1; `start` is the statement's :20:.
Status ReadHeaderField(const Field& f, const Field& start, Statement& statement, Header& h) {
  switch (f.tag) {
    case Tag::k25:
      return ReadAccount(f, start, h, statement);
    case Tag::k28:
      ReadSequence(f, h, statement);
      return Status::Ok();
    case Tag::k60F:
    case Tag::k60M:
    case Tag::k62F:
    case Tag::k62M:
      return ReadBookedBalance(f, h);
    case Tag::k64:
    case Tag::k65:
      return ReadAvailableBalance(f, h, statement);
    case Tag::k34F:
      return ReadFloorLimit(f, h);
    case Tag::k13D:
      return ReadReportTime(f, h);
    case Tag::k90D:
    case Tag::k90C:
      return ReadEntryTotals(f, h, statement);
    case Tag::k61:
      if (!h.first_line) h.first_line = &f;
      ++h.line_count;
      return Status::Ok();
    case Tag::k20:
    case Tag::k21:
    case Tag::k86:
    case Tag::kNs:
    case Tag::kEndOfMessage:
      return Status::Ok();
  }
  return Status::Ok();
}

// Pass 1 over a statement's fields: everything but the lines' details.
Status ReadHeaderFields(std::span<const Field> fields, Statement& statement, Header& h) {
  for (const Field& f : fields.subspan(1)) {
    if (Status s = ReadHeaderField(f, fields[0], statement, h); !s) return s;
  }
  return Status::Ok();
}

// What the statement must have once all its fields are read, and its header in the common record.
Status FinishHeader(std::span<const Field> fields, Statement& statement, Header& h) {
  if (!h.account_field) {
    return At(fields[0], "the statement that starts here has no :25: field, so recond cannot tell which account it is for");
  }
  if (h.opening && h.closing && !(h.opening->currency == h.closing->currency)) {
    return At(*h.closing_field, std::string(TagName(h.closing_field->tag)) + " is in " +
                                    std::string(h.closing->currency.code()) + " but the opening balance (" +
                                    Where(*h.opening_field) + ") is in " + std::string(h.opening->currency.code()));
  }
  // Without balances the floor limit names the currency: two that disagree name none.
  if (!h.opening && !h.closing && h.other_floor_field) {
    return At(*h.other_floor_field, ":34F: is in another currency than the floor limit " + Where(*h.floor_field) +
                                        ", and the statement has no balance to name its currency");
  }
  if (h.opening) h.currency = h.opening->currency;
  else if (h.closing) h.currency = h.closing->currency;
  else if (h.floor_currency) h.currency = h.floor_currency;
  else h.currency = h.other_currency;
  if (h.line_count > 0 && !h.currency) {
    return At(*h.first_line, "the statement has lines but no currency: MT940 gives it in the opening balance (:60F:), "
                             "MT942 in the floor limit (:34F:), and this statement has neither");
  }
  statement.statement_id = std::string(FirstLineOf(fields[0]));
  if (!h.sequence.empty()) statement.statement_id += "/" + std::string(h.sequence);
  if (h.currency) statement.currency = std::string(h.currency->code());
  if (h.opening) {
    statement.opening_balance = h.opening->minor;
    statement.opening_date = h.opening->date;
  }
  if (h.closing) {
    statement.closing_balance = h.closing->minor;
    statement.closing_date = h.closing->date;
  }
  if (h.available && h.currency && h.available->currency == *h.currency) {
    statement.available_balance = h.available->minor;
    statement.available_date = h.available->date;
  }
  return Status::Ok();
}

void FillLine(const StatementLineField& e, const Currency& currency, StatementLine& line) {
  line.value_date = e.value_date;
  line.booking_date = e.entry_date.value_or(e.value_date);
  line.amount = Money{e.credit ? e.amount_minor : -e.amount_minor, currency};
  if (!e.bank_reference.empty()) {
    line.bank_reference = std::string(e.bank_reference);
  } else if (!e.customer_reference.empty()) {
    line.bank_reference = std::string(e.customer_reference);
  }
  if (!e.type_code.empty()) line.bank_transaction_code = std::string(e.type_code);
  if (!e.customer_reference.empty()) line.details.Edit().customer_reference = std::string(e.customer_reference);
  if (!e.supplementary.empty()) MapExchangeCodes(e.supplementary, line);
}

// Lines, each with the :86: fields that follow its :61:. A :86: after a balance or before
// the first :61: is about the statement, not a line, and is read over.
Status ReadLines(std::span<const Field> fields, const Header& h, Statement& statement, DetailsScratch& scratch) {
  if (h.line_count == 0) return Status::Ok();
  statement.lines.reserve(h.line_count);
  const int exponent = h.currency->exponent();
  StatementLine prototype;
  prototype.account = statement.account;
  prototype.amount = Money{0, *h.currency};
  std::vector<std::string_view> details;
  LineDateCache dates;
  bool open = false;
  size_t gvc_extra = 0;            // lines with a second :86: after a GVC one
  const Field* first_extra = nullptr;
  const Field* line_field = nullptr;
  auto flush = [&] {
    if (!open) return;
    StatementLine& line = statement.lines.back();
    if (MapDetails(details, line, scratch) && gvc_extra++ == 0) first_extra = line_field;
    details.clear();
    open = false;
  };
  for (const Field& f : fields) {
    switch (f.tag) {
      case Tag::k61: {
        flush();
        auto entry = ParseStatementLineField(f, exponent, dates);
        if (!entry) return entry.error();
        // Copied from a prototype that holds the account: cheaper than building a line from nothing
        // (its default Money looks up a currency) and then moving it into the vector.
        FillLine(*entry, *h.currency, statement.lines.emplace_back(prototype));
        open = true;
        line_field = &f;
        break;
      }
      case Tag::k86:
        if (open) details.push_back(f.text);
        break;
      case Tag::k62F:
      case Tag::k62M:
      case Tag::k64:
      case Tag::k65:
      case Tag::k90D:
      case Tag::k90C:
        flush();
        break;
      default:
        break;
    }
  }
  flush();
  if (gvc_extra > 0) {
    statement.warnings.push_back(LineLocation(first_extra->line) + ": " + std::to_string(gvc_extra) +
                                 " line(s) have more than one :86: after a structured (GVC) :86:, which has one; " +
                                 "the text of the others is added to the remittance information");
  }
  return Status::Ok();
}

// :90D: and :90C: state how many debit and credit lines the report has and their sum.
void CheckEntryTotals(const Header& h, Statement& statement) {
  for (const bool debit : {true, false}) {
    const std::optional<EntryTotals>& totals = debit ? h.debit_totals : h.credit_totals;
    if (!totals) continue;
    int64_t count = 0;
    int64_t sum = 0;
    for (const StatementLine& line : statement.lines) {
      if ((line.amount.minor < 0) != debit || line.amount.minor == 0) continue;
      ++count;
      const auto next = CheckedAdd(sum, debit ? -line.amount.minor : line.amount.minor);
      if (!next) return;  // CheckBalances has already said that the amounts overflow
      sum = *next;
    }
    if (count != totals->count || sum != totals->minor) {
      const int exponent = totals->currency.exponent();
      statement.warnings.push_back(std::string(debit ? ":90D:" : ":90C:") + " states " + std::to_string(totals->count) +
                                   (debit ? " debit" : " credit") + " entries totalling " +
                                   FormatMinorUnits(totals->minor, exponent) + ", but the lines hold " +
                                   std::to_string(count) + " totalling " + FormatMinorUnits(sum, exponent));
    }
  }
}

Result<Statement> BuildStatement(std::span<const Field> fields, DetailsScratch& scratch, bool& mt942) {
  Statement statement;
  Header header;
  if (Status s = ReadHeaderFields(fields, statement, header); !s) return s.error();
  if (Status s = FinishHeader(fields, statement, header); !s) return s.error();
  if (Status s = ReadLines(fields, header, statement, scratch); !s) return s.error();
  CheckBalances(statement);
  CheckEntryTotals(header, statement);
  mt942 = header.mt942;
  return statement;
}

}  // namespace

std::string_view AccountOf(std::string_view text) {
  std::string_view s = Trim(text);
  const size_t slash = s.find('/');
  if (slash != std::string_view::npos && IsBic(s.substr(0, slash))) s = Trim(s.substr(slash + 1));
  if (s.size() > 3 && !IsIban(s)) {
    const std::string_view code = s.substr(s.size() - 3);
    const char before = s[s.size() - 4];
    if (ascii::IsUpper(code[0]) && ascii::IsUpper(code[1]) && ascii::IsUpper(code[2]) && Currency::FromCode(code) &&
        (ascii::IsDigit(before) || before == '/' || before == ' ')) {
      s.remove_suffix(3);
      if (!s.empty() && (s.back() == '/' || s.back() == ' ')) s.remove_suffix(1);
      s = TrimRight(s);
    }
  }
  return s;
}

Result<ParsedFile> BuildStatements(std::span<const Field> fields) {
  ParsedFile file;
  DetailsScratch scratch;
  bool all_mt942 = true;
  size_t i = 0;
  while (i < fields.size()) {
    const Field& f = fields[i];
    if (f.tag == Tag::kEndOfMessage) {
      ++i;
      continue;
    }
    if (f.tag != Tag::k20) {
      return At(f, std::string(TagName(f.tag)) + " stands outside a statement: a statement starts with :20: "
                                                 "(transaction reference), and there is none before this field");
    }
    size_t j = i + 1;
    while (j < fields.size() && fields[j].tag != Tag::k20 && fields[j].tag != Tag::kEndOfMessage) ++j;
    bool mt942 = false;
    auto statement = BuildStatement(fields.subspan(i, j - i), scratch, mt942);
    if (!statement) return statement.take_error();
    all_mt942 = all_mt942 && mt942;
    file.statements.push_back(std::move(*statement));
    i = j;
  }
  if (file.statements.empty()) {
    return MakeError(ErrorCode::kMalformedFile,
                     "the file holds no MT940 statement: there is no :20: field (transaction reference) in it",
                     LineLocation(1));
  }
  file.format = all_mt942 ? "mt942" : "mt940";
  return file;
}

}  // namespace recon::mt940
