// Stmt/Rpt/Ntfctn -> statement: account, currency and the opening and closing balances.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/camt_values.hpp"

namespace recon::camt {
namespace {

// A booked balance as read: signed minor units, its currency and date.
struct Balance {
  std::string code;
  Money amount;
  std::optional<Date> date;
  std::string where;
};

// Reads one Bal. Only the booked balances (OPBD, PRCD, CLBD, ITBD) and the available ones
// (CLAV, ITAV) are read; forward and other balances have no place in the statement.
Result<std::optional<Balance>> ReadBalance(const RawBalance& raw, const std::string& statement_path) {
  const std::string where = statement_path + "/Bal[" + std::to_string(raw.index) + "]";
  const std::string_view code = Trim(raw.code);
  if (code != "OPBD" && code != "PRCD" && code != "CLBD" && code != "ITBD" && code != "CLAV" && code != "ITAV") {
    return std::optional<Balance>();
  }
  if (!raw.amount.present) return MakeError(ErrorCode::kMalformedFile, "the balance has no amount (Amt)", where + "/Amt");
  auto currency = ParseCurrency(Trim(raw.amount.currency));
  if (!currency) return At(currency.take_error(), where + "/Amt");
  auto magnitude = ParseDecimalAmount(Trim(raw.amount.value), currency->exponent());
  if (!magnitude) return At(magnitude.take_error(), where + "/Amt");
  int sign = 1;
  // A zero balance needs no direction; some banks leave CdtDbtInd out then.
  if (*magnitude != 0 || !Trim(raw.credit_debit).empty()) {
    auto s = ParseCreditDebit(Trim(raw.credit_debit));
    if (!s) return At(s.take_error(), where + "/CdtDbtInd");
    sign = *s;
  }
  auto date = ParseDateOrDateTime(Trim(raw.date), Trim(raw.date_time));
  if (!date) return At(date.take_error(), where + (raw.date.empty() ? "/Dt/DtTm" : "/Dt/Dt"));
  return std::optional<Balance>(Balance{std::string(code), Money{sign * *magnitude, *currency}, *date, where});
}

// Opening: OPBD, else PRCD, else the first ITBD when another balance closes the period.
// Closing: CLBD, else the last ITBD not used as the opening one. An intraday camt.052
// typically has PRCD/OPBD and ITBD, or a single ITBD (the balance now: closing); a page
// of a long camt.053 has ITBD where the previous page ended and ITBD or CLBD where it ends.
void ChooseBalances(const std::vector<Balance>& balances, const Balance*& opening, const Balance*& closing,
                    std::vector<std::string>& warnings) {
  auto first = [&](std::string_view code) -> const Balance* {
    const Balance* found = nullptr;
    for (const Balance& b : balances) {
      if (b.code != code) continue;
      if (found == nullptr) {
        found = &b;
      } else if (code != "ITBD") {
        warnings.push_back(b.where + ": a second " + std::string(code) + " balance; the first one is used");
      }
    }
    return found;
  };
  opening = first("OPBD");
  if (opening == nullptr) opening = first("PRCD");
  closing = first("CLBD");
  std::vector<const Balance*> interim;
  for (const Balance& b : balances) {
    if (b.code == "ITBD") interim.push_back(&b);
  }
  if (opening == nullptr && !interim.empty() && (closing != nullptr || interim.size() >= 2)) opening = interim.front();
  if (closing == nullptr && !interim.empty() && interim.back() != opening) closing = interim.back();
}

// Available: CLAV, else the last ITAV (the latest intraday figure).
const Balance* ChooseAvailable(const std::vector<Balance>& balances) {
  const Balance* interim = nullptr;
  for (const Balance& b : balances) {
    if (b.code == "CLAV") return &b;
    if (b.code == "ITAV") interim = &b;
  }
  return interim;
}

}  // namespace

StatementMapper::StatementMapper(const ParseOptions& options) : options_(options) {}

Result<Statement> StatementMapper::Finish(const RawStatement& raw) {
  Statement statement = std::move(current_);
  std::vector<bool> booked = std::move(booked_);
  current_ = Statement();
  booked_.clear();
  statement.statement_id = std::string(Trim(raw.id));
  statement.account = std::string(Trim(raw.account));
  if (statement.account.empty()) {
    return MakeError(ErrorCode::kMalformedFile, "the statement names no account (IBAN or Othr/Id)", raw.path + "/Acct");
  }
  statement.currency = std::string(Trim(raw.currency));
  if (!statement.currency.empty()) {
    if (auto c = ParseCurrency(statement.currency); !c) return At(c.take_error(), raw.path + "/Acct/Ccy");
  }

  std::vector<Balance> balances;
  for (const RawBalance& b : raw.balances) {
    auto read = ReadBalance(b, raw.path);
    if (!read) return read.take_error();
    if (*read) balances.push_back(std::move(**read));
  }
  const Balance* opening = nullptr;
  const Balance* closing = nullptr;
  ChooseBalances(balances, opening, closing, statement.warnings);

  // The account's currency: Acct/Ccy, else the balances', else the entries'.
  if (statement.currency.empty() && opening != nullptr) statement.currency = opening->amount.currency.code();
  if (statement.currency.empty() && closing != nullptr) statement.currency = closing->amount.currency.code();
  if (statement.currency.empty() && !statement.lines.empty()) {
    statement.currency = statement.lines.front().amount.currency.code();
  }
  if (statement.currency.empty()) statement.currency = first_entry_currency_;
  first_entry_currency_.clear();

  auto take = [&](const Balance* b, std::optional<int64_t>& amount, std::optional<Date>& date) {
    if (b == nullptr) return;
    if (b->amount.currency.code() != statement.currency) {
      statement.warnings.push_back(b->where + ": the " + b->code + " balance is in " +
                                   std::string(b->amount.currency.code()) + ", the account in " + statement.currency +
                                   "; the balance is not used");
      return;
    }
    amount = b->amount.minor;
    date = b->date;
  };
  take(opening, statement.opening_balance, statement.opening_date);
  take(closing, statement.closing_balance, statement.closing_date);
  // The available balance is information, not checked: one in another currency (test files
  // have them) is left out without a warning.
  if (const Balance* available = ChooseAvailable(balances);
      available != nullptr && available->amount.currency.code() == statement.currency) {
    take(available, statement.available_balance, statement.available_date);
  }

  if (undated_entries_ > 0) {
    statement.warnings.push_back(raw.path + ": " + std::to_string(undated_entries_) +
                                 " entr" + (undated_entries_ == 1 ? "y has" : "ies have") +
                                 " neither a booking nor a value date; the statement's creation date " +
                                 undated_date_.ToIso() + " stands in");
    undated_entries_ = 0;
  }
  size_t foreign = 0;
  for (const StatementLine& line : statement.lines) foreign += line.amount.currency.code() != statement.currency;
  if (foreign > 0) {
    statement.warnings.push_back(raw.path + ": " + std::to_string(foreign) + " line(s) are not in the account's currency " +
                                 statement.currency + "; the balance check cannot hold");
  }
  CheckBookedBalances(statement, booked);
  return statement;
}

// Pending entries (options.include_pending) are not in the booked balances, so the check
// adds only the booked lines.
void StatementMapper::CheckBookedBalances(Statement& statement, const std::vector<bool>& booked) {
  const bool all_booked = std::find(booked.begin(), booked.end(), false) == booked.end();
  if (all_booked) {
    CheckBalances(statement);
    return;
  }
  Statement booked_only;
  booked_only.currency = statement.currency;
  booked_only.opening_balance = statement.opening_balance;
  booked_only.closing_balance = statement.closing_balance;
  for (size_t i = 0; i < statement.lines.size(); ++i) {
    if (booked[i]) booked_only.lines.push_back(statement.lines[i]);
  }
  CheckBalances(booked_only);
  for (std::string& w : booked_only.warnings) statement.warnings.push_back(std::move(w) + " (booked entries only)");
}

}  // namespace recon::camt
