// STMTTRN -> StatementLine. The choices, in the order of the common line's fields:
//   booking_date        DTPOSTED, the date as written in the file's own zone (ParseOfxDate)
//   value_date          DTAVAIL (when the funds are available: the banking sense of a value
//                       date), else DTUSER (the date the customer made the transaction), else none
//   amount              TRNAMT as signed by the bank, in CURRENCY/CURSYM when the transaction
//                       has a CURRENCY aggregate, else in the statement's CURDEF
//   original_amount     with CURRENCY: TRNAMT in CURSYM (the line's own amount: the file gives
//                       no converted one), with original_currency CURSYM
//   original_currency   with ORIGCURRENCY: its CURSYM alone (TRNAMT is already converted into
//                       CURDEF, and the original amount is not in the file)
//   exchange_rate       CURRATE of CURRENCY or ORIGCURRENCY, exact decimal text
//   check_number        CHECKNUM
//   counterparty_name   NAME, else PAYEE/NAME
//   remittance_info     MEMO, else the NAME (banks that send no MEMO put the description there)
//   bank_reference      FITID, else REFNUM
//   end_to_end_id       never: OFX has no originator's end-to-end id (REFNUM is the bank's
//                       number, CHECKNUM the number printed on a cheque)
//   bank_transaction_code  TRNTYPE, with "-" and the SIC merchant category when present
// An element OFX allows once that comes twice with different content (ofx_repeats.hpp):
//   refused             TRNAMT, CURRENCY, ORIGCURRENCY (and their CURSYM), FITID, CORRECTFITID,
//                       CORRECTACTION: the amount, its currency, the transaction's identity, or
//                       whether it removes another transaction
//   joined              MEMO: both texts, in file order, as the remittance information
//   first read          every other element (dates, names, codes, CURRATE), with a warning
// The same content twice is read once, with a warning.
#include <utility>
#include <vector>

#include "parsers/common/exchange_rate.hpp"
#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "parsers/ofx/ofx_values.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {
namespace {

std::optional<std::string> Opt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

// The elements of one STMTTRN recond reads, found in one pass: the first of each name,
// and every later one of a name already seen, for the repeat rules above.
struct Fields {
  const Node* trntype = nullptr;
  const Node* dtposted = nullptr;
  const Node* dtuser = nullptr;
  const Node* dtavail = nullptr;
  const Node* trnamt = nullptr;
  const Node* fitid = nullptr;
  const Node* refnum = nullptr;
  const Node* sic = nullptr;
  const Node* name = nullptr;
  const Node* payee = nullptr;
  const Node* memo = nullptr;
  const Node* currency = nullptr;
  const Node* orig_currency = nullptr;
  const Node* checknum = nullptr;
  const Node* correct_fitid = nullptr;
  const Node* correct_action = nullptr;
  std::vector<std::pair<const Node*, const Node*>> repeats;  // (the first, a later one of its name)
};

// What a differing repeat of each element decides, for the refusal; "" for the elements
// whose first is read.
std::string_view RepeatMeaning(std::string_view name) {
  if (name == "TRNAMT") return "the transaction's amount";
  if (name == "CURRENCY") return "the currency of the transaction's amount";
  if (name == "ORIGCURRENCY") return "the transaction's original currency";
  if (name == "FITID") return "the transaction's id (FITID)";
  if (name == "CORRECTFITID") return "the transaction this one corrects";
  if (name == "CORRECTACTION") return "how this transaction corrects another";
  return "";
}

Fields Collect(const Tree& tree, const Node& trn) {
  Fields f;
  const auto take = [&f](const Node*& slot, const Node& n) {
    if (!slot) {
      slot = &n;
    } else {
      f.repeats.emplace_back(slot, &n);
    }
  };
  tree.ForEachChild(trn, [&](const Node& n) {
    const std::string_view name = n.name;
    if (name == "TRNTYPE") take(f.trntype, n);
    else if (name == "DTPOSTED") take(f.dtposted, n);
    else if (name == "DTUSER") take(f.dtuser, n);
    else if (name == "DTAVAIL") take(f.dtavail, n);
    else if (name == "TRNAMT") take(f.trnamt, n);
    else if (name == "FITID") take(f.fitid, n);
    else if (name == "REFNUM") take(f.refnum, n);
    else if (name == "SIC") take(f.sic, n);
    else if (name == "NAME") take(f.name, n);
    else if (name == "PAYEE") take(f.payee, n);
    else if (name == "MEMO") take(f.memo, n);
    else if (name == "CURRENCY") take(f.currency, n);
    else if (name == "ORIGCURRENCY") take(f.orig_currency, n);
    else if (name == "CHECKNUM") take(f.checknum, n);
    else if (name == "CORRECTFITID") take(f.correct_fitid, n);
    else if (name == "CORRECTACTION") take(f.correct_action, n);
  });
  return f;
}

// Applies the repeat rules to the repeats Collect found. `memo` receives the joined MEMO
// texts when MEMO came more than once with different texts.
Status ResolveRepeats(const Tree& tree, const Node& trn, const Fields& f, RepeatLog& log, std::string& memo) {
  for (const auto& [first, second] : f.repeats) {
    if (SameContent(tree, *first, *second)) {
      log.Note(trn, *first, *second, true, "");
      continue;
    }
    const std::string_view meaning = RepeatMeaning(first->name);
    if (!meaning.empty()) return RepeatRefused(tree, trn, *first, *second, meaning);
    if (first->name == "MEMO") {
      if (memo.empty()) memo = std::string(first->text);
      if (!second->text.empty()) memo += (memo.empty() ? "" : " ") + std::string(second->text);
      log.Note(trn, *first, *second, false, "both texts are read, joined in file order");
      continue;
    }
    log.Note(trn, *first, *second, false, "the first is read and the second set aside");
  }
  return Status::Ok();
}

std::string_view TextOf(const Node* node) { return node ? node->text : std::string_view(); }

// An optional date field: nullopt when absent or empty, an error when present but wrong.
Result<std::optional<Date>> OptionalDate(const Tree& tree, const Node* node) {
  if (!node || node->text.empty()) return std::optional<Date>();
  auto date = ParseOfxDate(node->text);
  if (!date) return MalformedAt(tree, *node, std::string(node->name) + " " + date.error().message);
  return std::optional<Date>(*date);
}

Result<Currency> LineCurrency(const Tree& tree, const Node& trn, const Node* currency,
                              const std::optional<Currency>& curdef, RepeatLog& log) {
  if (currency) {
    auto only = OnlyChild(tree, *currency, "CURSYM", Repeat::kRefuse, "the currency of the transaction's amount", log);
    if (!only) return only.take_error();
    const Node* cursym = *only;
    const std::string code = ascii::Uppercased(TextOf(cursym));
    const auto parsed = Currency::FromCode(code);
    if (!parsed) {
      return MalformedAt(tree, cursym ? *cursym : *currency,
                         "CURRENCY/CURSYM " + Quoted(code) + " is not an ISO 4217 currency code");
    }
    return *parsed;
  }
  if (!curdef) {
    return MalformedAt(tree, trn, "the transaction has no currency: the statement's CURDEF is empty and the "
                                  "transaction has no CURRENCY/CURSYM");
  }
  return *curdef;
}

// CURRENCY or ORIGCURRENCY: the foreign currency and the rate. CURRATE is required by the
// specification but some banks leave it empty; a rate that is there must be a number.
Status MapExchange(const Tree& tree, const Node* currency, const Node* orig_currency, StatementLine& line,
                   RepeatLog& log) {
  const Node* aggregate = currency ? currency : orig_currency;
  if (!aggregate) return Status::Ok();
  LineDetails& details = line.details.Edit();
  if (currency) {
    details.original_amount = line.amount;
    details.original_currency = std::string(line.amount.currency.code());
  } else {
    auto only = OnlyChild(tree, *orig_currency, "CURSYM", Repeat::kRefuse, "the transaction's original currency", log);
    if (!only) return only.take_error();
    const Node* cursym = *only;
    const std::string code = ascii::Uppercased(TextOf(cursym));
    if (!Currency::FromCode(code)) {
      return MalformedAt(tree, cursym ? *cursym : *orig_currency,
                         "ORIGCURRENCY/CURSYM " + Quoted(code) + " is not an ISO 4217 currency code");
    }
    details.original_currency = code;
  }
  auto only_rate = OnlyChild(tree, *aggregate, "CURRATE", Repeat::kFirst, "", log);
  if (!only_rate) return only_rate.take_error();
  const Node* currate = *only_rate;
  if (!currate || currate->text.empty()) return Status::Ok();
  details.exchange_rate = parsers::NormalizeExchangeRate(currate->text);
  if (!details.exchange_rate) {
    return MalformedAt(tree, *currate, std::string(aggregate->name) + "/CURRATE " + Quoted(currate->text) +
                                           " is not a positive decimal number such as 1.0856");
  }
  return Status::Ok();
}

Status MapCorrection(const Tree& tree, const Node& trn, const Fields& f, TransactionKeys& keys) {
  keys.correct_fitid = TextOf(f.correct_fitid);
  const std::string action = ascii::Uppercased(TextOf(f.correct_action));
  const Node& place = f.correct_action ? *f.correct_action : trn;
  if (keys.correct_fitid.empty()) {
    if (action.empty()) return Status::Ok();
    return MalformedAt(tree, place, "the transaction has CORRECTACTION " + Quoted(action) +
                                        " but no CORRECTFITID naming the transaction it corrects");
  }
  if (action == "DELETE") {
    keys.correction = Correction::kDelete;
  } else if (action == "REPLACE") {
    keys.correction = Correction::kReplace;
  } else {
    return MalformedAt(tree, place, "the transaction corrects FITID " + Quoted(keys.correct_fitid) +
                                        " but CORRECTACTION is " + Quoted(action) + "; expected DELETE or REPLACE");
  }
  return Status::Ok();
}

}  // namespace

Status MapTransaction(const Tree& tree, const Node& trn, const std::string& account,
                      const std::optional<Currency>& curdef, StatementLine& line, TransactionKeys& keys,
                      RepeatLog& log) {
  const Fields f = Collect(tree, trn);
  keys.node = &trn;
  line.account = account;
  std::string joined_memo;
  if (!f.repeats.empty()) {
    if (Status s = ResolveRepeats(tree, trn, f, log, joined_memo); !s) return s;
  }

  auto currency = LineCurrency(tree, trn, f.currency, curdef, log);
  if (!currency) return currency.take_error();
  if (!f.trnamt || f.trnamt->text.empty()) {
    return MalformedAt(tree, f.trnamt ? *f.trnamt : trn, "the transaction has no TRNAMT (its amount)");
  }
  auto minor = ParseOfxAmount(f.trnamt->text, *currency);
  if (!minor) return MalformedAt(tree, *f.trnamt, "TRNAMT is not an amount: " + minor.error().message);
  line.amount = Money{*minor, *currency};

  if (!f.dtposted || f.dtposted->text.empty()) {
    return MalformedAt(tree, f.dtposted ? *f.dtposted : trn, "the transaction has no DTPOSTED (the date it was booked)");
  }
  auto posted = OptionalDate(tree, f.dtposted);
  if (!posted) return posted.take_error();
  line.booking_date = **posted;
  auto available = OptionalDate(tree, f.dtavail);
  if (!available) return available.take_error();
  auto user = OptionalDate(tree, f.dtuser);
  if (!user) return user.take_error();
  line.value_date = *available ? *available : *user;

  std::string_view name = TextOf(f.name);
  if (name.empty() && f.payee) name = tree.ChildText(*f.payee, "NAME");
  line.counterparty_name = Opt(name);
  const std::string_view memo = joined_memo.empty() ? TextOf(f.memo) : std::string_view(joined_memo);
  line.remittance_info = Opt(memo.empty() ? name : memo);

  keys.fitid = TextOf(f.fitid);
  line.bank_reference = Opt(keys.fitid.empty() ? TextOf(f.refnum) : keys.fitid);

  const std::string_view type = TextOf(f.trntype);
  const std::string_view sic = TextOf(f.sic);
  if (!type.empty() && !sic.empty()) {
    line.bank_transaction_code = std::string(type) + "-" + std::string(sic);
  } else {
    line.bank_transaction_code = Opt(type);
  }
  if (f.checknum && !f.checknum->text.empty()) line.details.Edit().check_number = std::string(f.checknum->text);
  if (Status s = MapExchange(tree, f.currency, f.orig_currency, line, log); !s) return s;
  return MapCorrection(tree, trn, f, keys);
}

}  // namespace recon::ofx
