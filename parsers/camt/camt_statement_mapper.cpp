// Stmt/Rpt/Ntfctn -> statement: account, currency and the opening and closing balances.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/camt_values.hpp"
#include "recon/ascii.hpp"

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
  const std::string_view code = ascii::Trim(raw.code);
  if (code != "OPBD" && code != "PRCD" && code != "CLBD" && code != "ITBD" && code != "CLAV" && code != "ITAV") {
    return std::optional<Balance>();
  }
  if (!raw.amount.present) return MakeError(ErrorCode::kMalformedFile, "the balance has no amount (Amt)", where + "/Amt");
  auto currency = ParseCurrency(ascii::Trim(raw.amount.currency));
  if (!currency) return At(currency.take_error(), where + "/Amt");
  auto magnitude = ParseDecimalAmount(ascii::Trim(raw.amount.value), currency->exponent());
  if (!magnitude) return At(magnitude.take_error(), where + "/Amt");
  int sign = 1;
  // A zero balance needs no direction; some banks leave CdtDbtInd out then.
  if (*magnitude != 0 || !ascii::Trim(raw.credit_debit).empty()) {
    auto s = ParseCreditDebit(ascii::Trim(raw.credit_debit));
    if (!s) return At(s.take_error(), where + "/CdtDbtInd");
    sign = *s;
  }
  auto date = ParseDateOrDateTime(ascii::Trim(raw.date), ascii::Trim(raw.date_time));
  if (!date) return At(date.take_error(), where + (raw.date.empty() ? "/Dt/DtTm" : "/Dt/Dt"));
  return std::optional<Balance>(Balance{std::string(code), Money{sign * *magnitude, *currency}, *date, where});
}

std::string Shown(const Balance& b) {
  return b.amount.ToString() + " " + std::string(b.amount.currency.code()) +
         (b.date ? " on " + b.date->ToIso() : std::string());
}

// The balances of one type, each value once: a second one with the same amount and date
// is the same balance (a warning says it was read once).
std::vector<const Balance*> Distinct(const std::vector<Balance>& balances, std::string_view code,
                                     std::vector<std::string>& warnings) {
  std::vector<const Balance*> out;
  for (const Balance& b : balances) {
    if (b.code != code) continue;
    bool seen = false;
    for (const Balance* o : out) seen = seen || (o->amount == b.amount && o->date == b.date);
    if (seen) {
      warnings.push_back(b.where + ": a second " + std::string(code) + " balance with the same amount and date (" +
                         Shown(b) + "); the schema allows one, so it is read once");
    } else {
      out.push_back(&b);
    }
  }
  return out;
}

// Two different balances of one type (two CLBD, two OPBD): the statement decides between
// them when exactly one pairing of opening and closing agrees with the booked lines;
// otherwise neither is used, since picking one could fake or hide a mismatch.
void ResolveRepeatedBalances(const std::vector<const Balance*>& opens, const std::vector<const Balance*>& closes,
                             const std::optional<Money>& booked_sum, const Balance*& opening, const Balance*& closing,
                             std::vector<std::string>& warnings) {
  std::vector<std::pair<const Balance*, const Balance*>> fits;
  for (const Balance* o : opens) {
    for (const Balance* c : closes) {
      if (!booked_sum || !(o->amount.currency == c->amount.currency) ||
          !(o->amount.currency == booked_sum->currency)) {
        continue;
      }
      const auto sum = CheckedAdd(o->amount.minor, booked_sum->minor);
      if (sum && *sum == c->amount.minor) fits.emplace_back(o, c);
    }
  }
  auto describe = [](const std::vector<const Balance*>& list) {
    std::string out;
    for (const Balance* b : list) out += (out.empty() ? "" : ", ") + b->where.substr(b->where.rfind('/') + 1) + " " + Shown(*b);
    return out;
  };
  for (const auto* list : {&opens, &closes}) {
    if (list->size() < 2) continue;
    const Balance* first = list->front();
    std::string w = list->back()->where + ": " + std::to_string(list->size()) + " different " + first->code +
                    " balances (" + describe(*list) + "), where the schema allows one; ";
    if (fits.size() == 1) {
      const Balance* used = list == &opens ? fits[0].first : fits[0].second;
      w += used->where.substr(used->where.rfind('/') + 1) + " is used, the one with which opening + booked lines = " +
           "closing holds";
    } else {
      w += "neither is used, since recond cannot tell which is right, and the balance check is skipped";
    }
    warnings.push_back(std::move(w));
  }
  if (fits.size() == 1) {
    opening = fits[0].first;
    closing = fits[0].second;
    return;
  }
  opening = opens.size() == 1 ? opens.front() : nullptr;
  closing = closes.size() == 1 ? closes.front() : nullptr;
}

// Opening: OPBD, else PRCD, else the first ITBD when another balance closes the period.
// Closing: CLBD, else the last ITBD not used as the opening one. An intraday camt.052
// typically has PRCD/OPBD and ITBD, or a single ITBD (the balance now: closing); a page
// of a long camt.053 has ITBD where the previous page ended and ITBD or CLBD where it ends.
// `booked_sum` (the booked lines added up, when they share one currency) decides between
// two different balances of one type.
void ChooseBalances(const std::vector<Balance>& balances, const std::optional<Money>& booked_sum,
                    const Balance*& opening, const Balance*& closing, std::vector<std::string>& warnings) {
  std::vector<const Balance*> opens = Distinct(balances, "OPBD", warnings);
  if (opens.empty()) opens = Distinct(balances, "PRCD", warnings);
  const std::vector<const Balance*> closes = Distinct(balances, "CLBD", warnings);
  if (opens.size() > 1 || closes.size() > 1) {
    ResolveRepeatedBalances(opens, closes, booked_sum, opening, closing, warnings);
    return;
  }
  opening = opens.empty() ? nullptr : opens.front();
  closing = closes.empty() ? nullptr : closes.front();
  std::vector<const Balance*> interim;
  for (const Balance& b : balances) {
    if (b.code == "ITBD") interim.push_back(&b);
  }
  if (opening == nullptr && !interim.empty() && (closing != nullptr || interim.size() >= 2)) opening = interim.front();
  if (closing == nullptr && !interim.empty() && interim.back() != opening) closing = interim.back();
}

// The booked lines added up, when they are all in one currency and the sum fits.
std::optional<Money> BookedSum(const Statement& statement, const std::vector<bool>& booked) {
  std::optional<Money> sum;
  for (size_t i = 0; i < statement.lines.size(); ++i) {
    if (!booked[i]) continue;
    const Money& amount = statement.lines[i].amount;
    if (!sum) {
      sum = Money{0, amount.currency};
    } else if (!(sum->currency == amount.currency)) {
      return std::nullopt;
    }
    const auto next = CheckedAdd(sum->minor, amount.minor);
    if (!next) return std::nullopt;
    sum->minor = *next;
  }
  return sum;
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
  statement.statement_id = std::string(ascii::Trim(raw.id));
  statement.account = std::string(ascii::Trim(raw.account));
  if (statement.account.empty()) {
    return MakeError(ErrorCode::kMalformedFile, "the statement names no account (IBAN or Othr/Id)", raw.path + "/Acct");
  }
  statement.currency = std::string(ascii::Trim(raw.currency));
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
  std::optional<Money> booked_sum = BookedSum(statement, booked);
  const bool none_booked = std::find(booked.begin(), booked.end(), true) == booked.end();
  if (none_booked && !balances.empty()) booked_sum = Money{0, balances.front().amount.currency};
  ChooseBalances(balances, booked_sum, opening, closing, statement.warnings);

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
