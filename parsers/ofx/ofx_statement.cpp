// STMTRS / CCSTMTRS -> Statement. The choices:
//   account         ACCTID of BANKACCTFROM (CCACCTFROM for cards), as the bank wrote it.
//                   BANKID and BRANCHID are not joined in: the ERP knows the account by the
//                   number on the statement, and OFX files of one bank write BANKID differently.
//   currency        CURDEF; when empty, the currency of the transactions' CURRENCY aggregates
//   statement_id    the period "YYYY-MM-DD/YYYY-MM-DD" from DTSTART and DTEND, else TRNUID
//                   (TRNUID is the client's request id, often "0" or "1", so the period comes first)
//   closing balance LEDGERBAL/BALAMT with the date of LEDGERBAL/DTASOF.
//   available       AVAILBAL/BALAMT and DTASOF (money the customer may use, holds deducted):
//                   not a booked balance, so it is carried apart and never checked.
//   opening balance none: OFX gives none, and LEDGERBAL minus the lines is only right when
//                   DTASOF falls on DTEND, which real files often break (balance as of today,
//                   list of last month).
#include <algorithm>

#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "parsers/ofx/ofx_values.hpp"

namespace recon::ofx {
namespace {

Result<std::optional<Currency>> DefaultCurrency(const Tree& tree, const Node& stmtrs) {
  const std::string code = UpperAscii(tree.ChildText(stmtrs, "CURDEF"));
  if (code.empty()) return std::optional<Currency>();
  const auto currency = Currency::FromCode(code);
  if (!currency) {
    return MalformedAt(tree, *tree.Child(stmtrs, "CURDEF"), "CURDEF " + Quoted(code) + " is not an ISO 4217 currency code");
  }
  return std::optional<Currency>(*currency);
}

Result<std::string> AccountId(const Tree& tree, const Node& stmtrs, AccountKind kind) {
  const std::string_view expected = kind == AccountKind::kBank ? "BANKACCTFROM" : "CCACCTFROM";
  const std::string_view other = kind == AccountKind::kBank ? "CCACCTFROM" : "BANKACCTFROM";
  const Node* from = tree.Child(stmtrs, expected);
  if (!from) from = tree.Child(stmtrs, other);
  if (!from) {
    return MalformedAt(tree, stmtrs, "the statement <" + std::string(stmtrs.name) + "> names no account: it has no <" +
                                         std::string(expected) + ">");
  }
  const std::string_view id = tree.ChildText(*from, "ACCTID");
  if (id.empty()) return MalformedAt(tree, *from, "<" + std::string(from->name) + "> has no ACCTID (the account number)");
  return std::string(id);
}

Result<std::optional<Date>> PeriodDate(const Tree& tree, const Node* list, std::string_view name) {
  if (!list) return std::optional<Date>();
  const std::string_view text = tree.ChildText(*list, name);
  if (text.empty()) return std::optional<Date>();
  auto date = ParseOfxDate(text);
  if (!date) return MalformedAt(tree, *tree.Child(*list, name), std::string(name) + " " + date.error().message);
  return std::optional<Date>(*date);
}

Status MapTransactions(const Tree& tree, const Node* list, const std::optional<Currency>& curdef,
                       const ParseOptions& options, size_t lines_so_far, Statement& statement) {
  if (!list) return Status::Ok();
  size_t count = 0;
  tree.ForEachChild(*list, [&](const Node& child) { count += child.name == "STMTTRN" ? 1 : 0; });
  count = std::min(count, options.statement_lines_max + 1);
  statement.lines.reserve(count);
  std::vector<TransactionKeys> keys;
  keys.reserve(count);
  Status status;
  tree.ForEachChild(*list, [&](const Node& child) {
    if (!status.ok() || child.name != "STMTTRN") return;
    if (lines_so_far + statement.lines.size() + 1 > options.statement_lines_max) {
      status = MakeError(ErrorCode::kLimitExceeded,
                         "the file has more than " + std::to_string(options.statement_lines_max) + " transactions",
                         tree.Where(child));
      return;
    }
    status = MapTransaction(tree, child, statement.account, curdef, statement.lines.emplace_back(),
                            keys.emplace_back());
  });
  if (!status) return status;
  ApplyCorrections(tree, keys, statement.lines, statement.warnings);
  return Status::Ok();
}

// LEDGERBAL or AVAILBAL: BALAMT in the statement's currency with its DTASOF.
Status MapBalance(const Tree& tree, const Node& stmtrs, std::string_view element, Statement& statement,
                  std::optional<int64_t>& amount, std::optional<Date>& date_out) {
  const Node* balance = tree.Child(stmtrs, element);
  if (!balance) return Status::Ok();
  const std::string name(element);
  const std::string_view text = tree.ChildText(*balance, "BALAMT");
  if (text.empty()) {
    statement.warnings.push_back(name + " has no amount (BALAMT is empty); the statement has no " +
                                 (element == "LEDGERBAL" ? "closing" : "available") + " balance");
    return Status::Ok();
  }
  const Node& balamt = *tree.Child(*balance, "BALAMT");
  const auto currency = Currency::FromCode(statement.currency);
  if (!currency) {
    return MalformedAt(tree, balamt, "the balance has no currency: CURDEF is empty and there is no transaction to "
                                     "take one from");
  }
  auto minor = ParseOfxAmount(text, *currency);
  if (!minor) return MalformedAt(tree, balamt, name + " BALAMT is not an amount: " + minor.error().message);
  amount = *minor;
  auto date = PeriodDate(tree, balance, "DTASOF");
  if (!date) return date.take_error();
  date_out = *date;
  return Status::Ok();
}

}  // namespace

Result<Statement> MapStatement(const Tree& tree, const Node& stmtrs, AccountKind kind, std::string_view trnuid,
                               const ParseOptions& options, size_t& lines_so_far) {
  Statement statement;
  auto curdef = DefaultCurrency(tree, stmtrs);
  if (!curdef) return curdef.take_error();
  auto account = AccountId(tree, stmtrs, kind);
  if (!account) return account.take_error();
  statement.account = std::move(*account);

  const Node* list = tree.Child(stmtrs, "BANKTRANLIST");
  auto start = PeriodDate(tree, list, "DTSTART");
  if (!start) return start.take_error();
  auto end = PeriodDate(tree, list, "DTEND");
  if (!end) return end.take_error();
  if (*start && *end) {
    statement.statement_id = (*start)->ToIso() + "/" + (*end)->ToIso();
  } else {
    statement.statement_id = std::string(trnuid);
  }

  if (Status s = MapTransactions(tree, list, *curdef, options, lines_so_far, statement); !s) return s.error();
  if (*curdef) {
    statement.currency = std::string((*curdef)->code());
  } else if (!statement.lines.empty()) {
    statement.currency = std::string(statement.lines.front().amount.currency.code());
    statement.warnings.push_back("CURDEF is empty; the statement's currency " + statement.currency +
                                 " is taken from its transactions");
  }
  if (Status s = MapBalance(tree, stmtrs, "LEDGERBAL", statement, statement.closing_balance, statement.closing_date);
      !s) {
    return s.error();
  }
  if (Status s =
          MapBalance(tree, stmtrs, "AVAILBAL", statement, statement.available_balance, statement.available_date);
      !s) {
    return s.error();
  }
  lines_so_far += statement.lines.size();
  CheckBalances(statement);
  return statement;
}

}  // namespace recon::ofx
