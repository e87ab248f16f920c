// STMTRS / CCSTMTRS -> Statement. The choices:
//   account         ACCTID of BANKACCTFROM (CCACCTFROM for cards), as the bank wrote it.
//                   BANKID and BRANCHID are not joined in: the ERP knows the account by the
//                   number on the statement, and OFX files of one bank write BANKID differently.
//   currency        CURDEF; when empty, the currency of the transactions' CURRENCY aggregates
//   statement_id    the period "YYYY-MM-DD/YYYY-MM-DD" from DTSTART and DTEND, else TRNUID
//                   (TRNUID is the client's request id, often "0" or "1", so the period comes first)
//   lines           the STMTTRN of every BANKTRANLIST: OFX allows one list, but some banks split
//                   a statement into several. All are read (a warning says so), the period runs
//                   from the earliest DTSTART to the latest DTEND, and corrections apply across
//                   them. A FITID that comes twice is read twice, with a warning.
//   repeats         an element OFX allows once that comes twice: see ofx_repeats.hpp; here
//                   CURDEF, the account and its ACCTID are refused when they differ, a balance
//                   (or its BALAMT) that differs is read as no balance.
//   closing balance LEDGERBAL/BALAMT with the date of LEDGERBAL/DTASOF.
//   available       AVAILBAL/BALAMT and DTASOF (money the customer may use, holds deducted):
//                   not a booked balance, so it is carried apart and never checked.
//   opening balance none: OFX gives none, and LEDGERBAL minus the lines is only right when
//                   DTASOF falls on DTEND, which real files often break (balance as of today,
//                   list of last month).
#include <algorithm>
#include <unordered_map>

#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "parsers/ofx/ofx_values.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {
namespace {

Result<std::optional<Currency>> DefaultCurrency(const Tree& tree, const Node& stmtrs, RepeatLog& log) {
  auto curdef = OnlyChild(tree, stmtrs, "CURDEF", Repeat::kRefuse, "the statement's currency", log);
  if (!curdef) return curdef.take_error();
  const std::string code = ascii::Uppercased(*curdef ? (*curdef)->text : std::string_view());
  if (code.empty()) return std::optional<Currency>();
  const auto currency = Currency::FromCode(code);
  if (!currency) return MalformedAt(tree, **curdef, "CURDEF " + Quoted(code) + " is not an ISO 4217 currency code");
  return std::optional<Currency>(*currency);
}

// The ACCTID of a BANKACCTFROM or CCACCTFROM; "" when it has none.
Result<std::string_view> AccountIdOf(const Tree& tree, const Node& from, RepeatLog& log) {
  auto id = OnlyChild(tree, from, "ACCTID", Repeat::kRefuse, "the account", log);
  if (!id) return id.take_error();
  return *id ? (*id)->text : std::string_view();
}

Result<std::string> AccountId(const Tree& tree, const Node& stmtrs, AccountKind kind, Statement& statement,
                              RepeatLog& log) {
  const std::string_view expected = kind == AccountKind::kBank ? "BANKACCTFROM" : "CCACCTFROM";
  const std::string_view other = kind == AccountKind::kBank ? "CCACCTFROM" : "BANKACCTFROM";
  auto mine = OnlyChild(tree, stmtrs, expected, Repeat::kRefuse, "the statement's account", log);
  if (!mine) return mine.take_error();
  auto theirs = OnlyChild(tree, stmtrs, other, Repeat::kRefuse, "the statement's account", log);
  if (!theirs) return theirs.take_error();
  const Node* from = *mine ? *mine : *theirs;
  if (!from) {
    return MalformedAt(tree, stmtrs, "the statement <" + std::string(stmtrs.name) + "> names no account: it has no <" +
                                         std::string(expected) + ">");
  }
  auto id = AccountIdOf(tree, *from, log);
  if (!id) return id.take_error();
  if (id->empty()) return MalformedAt(tree, *from, "<" + std::string(from->name) + "> has no ACCTID (the account number)");
  if (*mine && *theirs) {
    // Both kinds of account: harmless when they name the same number, ambiguous when not.
    auto second = AccountIdOf(tree, **theirs, log);
    if (!second) return second.take_error();
    if (*second != *id) {
      return MalformedAt(tree, **theirs, "the statement names two accounts: <" + std::string(expected) + "> " +
                                             Quoted(*id) + " and <" + std::string(other) + "> " + Quoted(*second) +
                                             "; recond cannot tell which the statement is for");
    }
    statement.warnings.push_back(tree.Where(**theirs) + ": the statement has both <" + std::string(expected) +
                                 "> and <" + std::string(other) + ">, with the same ACCTID; it is read once");
  }
  return std::string(*id);
}

Result<std::optional<Date>> PeriodDate(const Tree& tree, const Node& list, std::string_view name, RepeatLog& log) {
  auto node = OnlyChild(tree, list, name, Repeat::kFirst, "", log);
  if (!node) return node.take_error();
  if (!*node || (*node)->text.empty()) return std::optional<Date>();
  auto date = ParseOfxDate((*node)->text);
  if (!date) return MalformedAt(tree, **node, std::string(name) + " " + date.error().message);
  return std::optional<Date>(*date);
}

// The statement's period over all its transaction lists: the earliest DTSTART and the
// latest DTEND. Either is nullopt when no list has one.
struct Period {
  std::optional<Date> start, end;
};

Result<Period> ReadPeriod(const Tree& tree, const std::vector<const Node*>& lists, RepeatLog& log) {
  Period period;
  for (const Node* list : lists) {
    auto start = PeriodDate(tree, *list, "DTSTART", log);
    if (!start) return start.take_error();
    auto end = PeriodDate(tree, *list, "DTEND", log);
    if (!end) return end.take_error();
    if (*start && (!period.start || **start < *period.start)) period.start = *start;
    if (*end && (!period.end || *period.end < **end)) period.end = *end;
  }
  return period;
}

// Several BANKTRANLIST in one statement: read them all, and say so.
void NoteSeveralLists(const Tree& tree, const Node& stmtrs, const std::vector<const Node*>& lists,
                      const std::vector<size_t>& counts, const Period& period, Statement& statement) {
  std::string places, sizes;
  for (size_t i = 0; i < lists.size(); ++i) {
    const std::string_view glue = i == 0 ? "" : i + 1 == lists.size() ? " and " : ", ";
    places += std::string(glue) + tree.Where(*lists[i]);
    sizes += std::string(glue) + std::to_string(counts[i]);
  }
  std::string w = tree.Where(stmtrs) + ": the statement has " + std::to_string(lists.size()) +
                  " transaction lists (<BANKTRANLIST> at " + places + "), where OFX allows one; the transactions of " +
                  "all of them are read (" + sizes + ")";
  if (period.start && period.end) {
    w += ", and the statement's period runs from the earliest DTSTART to the latest DTEND: " + period.start->ToIso() +
         " to " + period.end->ToIso();
  }
  statement.warnings.push_back(std::move(w));
}

// A FITID is the bank's unique id of a transaction; one that comes twice is either the
// same transaction sent twice or a bank that reuses ids. Both are read (dropping one
// could drop money); the warning lets a person decide.
void NoteRepeatedFitids(const Tree& tree, const std::vector<TransactionKeys>& keys, Statement& statement) {
  std::unordered_map<std::string_view, size_t> seen;
  seen.reserve(keys.size());
  size_t repeats = 0;
  size_t first = 0, second = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].fitid.empty() || keys[i].correction != Correction::kNone) continue;
    const auto [at, inserted] = seen.emplace(keys[i].fitid, i);
    if (inserted) continue;
    if (repeats++ == 0) first = at->second, second = i;
  }
  if (repeats == 0) return;
  std::string w = tree.Where(*keys[second].node) + ": FITID " + Quoted(keys[second].fitid) +
                  " was given to the transaction at " + tree.Where(*keys[first].node) + " already";
  if (repeats > 1) w += " (and " + std::to_string(repeats - 1) + " more FITIDs come twice)";
  w += "; both are read as separate lines: if the bank sent one transaction twice, ignore one of them";
  statement.warnings.push_back(std::move(w));
}

Status MapTransactions(const Tree& tree, const std::vector<const Node*>& lists, const std::optional<Currency>& curdef,
                       const ParseOptions& options, size_t lines_so_far, Statement& statement,
                       std::vector<size_t>& counts, RepeatLog& log) {
  size_t count = 0;
  for (const Node* list : lists) {
    tree.ForEachChild(*list, [&](const Node& child) { count += child.name == "STMTTRN" ? 1 : 0; });
  }
  count = std::min(count, options.statement_lines_max + 1);
  statement.lines.reserve(count);
  std::vector<TransactionKeys> keys;
  keys.reserve(count);
  Status status;
  for (const Node* list : lists) {
    const size_t before = statement.lines.size();
    tree.ForEachChild(*list, [&](const Node& child) {
      if (!status.ok() || child.name != "STMTTRN") return;
      if (lines_so_far + statement.lines.size() + 1 > options.statement_lines_max) {
        status = MakeError(ErrorCode::kLimitExceeded,
                           "the file has more than " + std::to_string(options.statement_lines_max) + " transactions",
                           tree.Where(child));
        return;
      }
      status = MapTransaction(tree, child, statement.account, curdef, statement.lines.emplace_back(),
                              keys.emplace_back(), log);
    });
    if (!status) return status;
    counts.push_back(statement.lines.size() - before);
  }
  NoteRepeatedFitids(tree, keys, statement);
  ApplyCorrections(tree, keys, statement.lines, statement.warnings);
  return Status::Ok();
}

// LEDGERBAL or AVAILBAL: BALAMT in the statement's currency with its DTASOF. A balance
// that comes twice with different amounts is left out: either could be the wrong one.
Status MapBalance(const Tree& tree, const Node& stmtrs, std::string_view element, Statement& statement,
                  std::optional<int64_t>& amount, std::optional<Date>& date_out, RepeatLog& log) {
  const std::string name(element);
  const std::string what = element == "LEDGERBAL" ? "closing" : "available";
  bool set_aside = false;
  auto balance = OnlyChild(tree, stmtrs, element, Repeat::kNeither, "the " + what + " balance", log, &set_aside);
  if (!balance) return balance.take_error();
  if (!*balance) return Status::Ok();
  auto balamt = OnlyChild(tree, **balance, "BALAMT", Repeat::kNeither, "the " + what + " balance", log, &set_aside);
  if (!balamt) return balamt.take_error();
  if (set_aside) return Status::Ok();
  const std::string_view text = *balamt ? (*balamt)->text : std::string_view();
  if (text.empty()) {
    statement.warnings.push_back(name + " has no amount (BALAMT is empty); the statement has no " + what + " balance");
    return Status::Ok();
  }
  const auto currency = Currency::FromCode(statement.currency);
  if (!currency) {
    return MalformedAt(tree, **balamt, "the balance has no currency: CURDEF is empty and there is no transaction to "
                                       "take one from");
  }
  auto minor = ParseOfxAmount(text, *currency);
  if (!minor) return MalformedAt(tree, **balamt, name + " BALAMT is not an amount: " + minor.error().message);
  amount = *minor;
  auto date = PeriodDate(tree, **balance, "DTASOF", log);
  if (!date) return date.take_error();
  date_out = *date;
  return Status::Ok();
}

}  // namespace

Result<Statement> MapStatement(const Tree& tree, const Node& stmtrs, AccountKind kind, std::string_view trnuid,
                               const ParseOptions& options, size_t& lines_so_far) {
  Statement statement;
  RepeatLog log;
  auto curdef = DefaultCurrency(tree, stmtrs, log);
  if (!curdef) return curdef.take_error();
  auto account = AccountId(tree, stmtrs, kind, statement, log);
  if (!account) return account.take_error();
  statement.account = std::move(*account);

  std::vector<const Node*> lists;
  tree.ForEachChild(stmtrs, [&](const Node& child) {
    if (child.name == "BANKTRANLIST") lists.push_back(&child);
  });
  auto period = ReadPeriod(tree, lists, log);
  if (!period) return period.take_error();
  if (period->start && period->end) {
    statement.statement_id = period->start->ToIso() + "/" + period->end->ToIso();
  } else {
    statement.statement_id = std::string(trnuid);
  }

  std::vector<size_t> counts;
  if (Status s = MapTransactions(tree, lists, *curdef, options, lines_so_far, statement, counts, log); !s) {
    return s.error();
  }
  if (lists.size() > 1) NoteSeveralLists(tree, stmtrs, lists, counts, *period, statement);
  if (*curdef) {
    statement.currency = std::string((*curdef)->code());
  } else if (!statement.lines.empty()) {
    statement.currency = std::string(statement.lines.front().amount.currency.code());
    statement.warnings.push_back("CURDEF is empty; the statement's currency " + statement.currency +
                                 " is taken from its transactions");
  }
  if (Status s =
          MapBalance(tree, stmtrs, "LEDGERBAL", statement, statement.closing_balance, statement.closing_date, log);
      !s) {
    return s.error();
  }
  if (Status s = MapBalance(tree, stmtrs, "AVAILBAL", statement, statement.available_balance,
                            statement.available_date, log);
      !s) {
    return s.error();
  }
  log.Flush(tree, statement.warnings);
  lines_so_far += statement.lines.size();
  CheckBalances(statement);
  return statement;
}

}  // namespace recon::ofx
