// STMTTRN -> StatementLine. The choices, in the order of the common line's fields:
//   booking_date        DTPOSTED, the date as written in the file's own zone (ParseOfxDate)
//   value_date          DTAVAIL (when the funds are available: the banking sense of a value
//                       date), else DTUSER (the date the customer made the transaction), else none
//   amount              TRNAMT as signed by the bank, in CURRENCY/CURSYM when the transaction
//                       has a CURRENCY aggregate, else in the statement's CURDEF
//                       (ORIGCURRENCY leaves the amount in CURDEF and is not carried)
//   counterparty_name   NAME, else PAYEE/NAME
//   remittance_info     MEMO, else the NAME (banks that send no MEMO put the description there)
//   bank_reference      FITID, else REFNUM
//   end_to_end_id       never: OFX has no originator's end-to-end id (REFNUM is the bank's
//                       number, CHECKNUM the number printed on a cheque)
//   bank_transaction_code  TRNTYPE, with "-" and the SIC merchant category when present
#include <algorithm>

#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "parsers/ofx/ofx_values.hpp"

namespace recon::ofx {
namespace {

std::optional<std::string> Opt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ToUpperAscii);
  return out;
}

// The node to point at for a field: the field itself when present, else its aggregate.
const Node& Place(const Tree& tree, const Node& parent, std::string_view name) {
  const Node* child = tree.Child(parent, name);
  return child ? *child : parent;
}

// An optional date field: nullopt when absent or empty, an error when present but wrong.
Result<std::optional<Date>> OptionalDate(const Tree& tree, const Node& parent, std::string_view name) {
  const std::string_view text = tree.ChildText(parent, name);
  if (text.empty()) return std::optional<Date>();
  auto date = ParseOfxDate(text);
  if (!date) return MalformedAt(tree, Place(tree, parent, name), std::string(name) + " " + date.error().message);
  return std::optional<Date>(*date);
}

Result<Currency> LineCurrency(const Tree& tree, const Node& trn, const std::optional<Currency>& curdef) {
  if (const Node* currency = tree.Child(trn, "CURRENCY")) {
    const std::string code = Upper(tree.ChildText(*currency, "CURSYM"));
    const auto parsed = Currency::FromCode(code);
    if (!parsed) {
      return MalformedAt(tree, Place(tree, *currency, "CURSYM"),
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

Result<Money> Amount(const Tree& tree, const Node& trn, const Currency& currency) {
  const Node* node = tree.Child(trn, "TRNAMT");
  if (!node || node->text.empty()) {
    return MalformedAt(tree, node ? *node : trn, "the transaction has no TRNAMT (its amount)");
  }
  auto minor = ParseOfxAmount(node->text, currency);
  if (!minor) return MalformedAt(tree, *node, "TRNAMT is not an amount: " + minor.error().message);
  return Money{*minor, currency};
}

}  // namespace

Result<MappedTransaction> MapTransaction(const Tree& tree, const Node& trn, const std::string& account,
                                         const std::optional<Currency>& curdef) {
  MappedTransaction out;
  out.node = &trn;
  StatementLine& line = out.line;
  line.account = account;

  auto currency = LineCurrency(tree, trn, curdef);
  if (!currency) return currency.take_error();
  auto amount = Amount(tree, trn, *currency);
  if (!amount) return amount.take_error();
  line.amount = *amount;

  if (tree.ChildText(trn, "DTPOSTED").empty()) {
    return MalformedAt(tree, Place(tree, trn, "DTPOSTED"), "the transaction has no DTPOSTED (the date it was booked)");
  }
  auto posted = OptionalDate(tree, trn, "DTPOSTED");
  if (!posted) return posted.take_error();
  line.booking_date = **posted;
  auto available = OptionalDate(tree, trn, "DTAVAIL");
  if (!available) return available.take_error();
  auto user = OptionalDate(tree, trn, "DTUSER");
  if (!user) return user.take_error();
  line.value_date = *available ? *available : *user;

  std::string_view name = tree.ChildText(trn, "NAME");
  if (name.empty()) {
    if (const Node* payee = tree.Child(trn, "PAYEE")) name = tree.ChildText(*payee, "NAME");
  }
  line.counterparty_name = Opt(name);
  const std::string_view memo = tree.ChildText(trn, "MEMO");
  line.remittance_info = Opt(memo.empty() ? name : memo);

  out.fitid = std::string(tree.ChildText(trn, "FITID"));
  line.bank_reference = Opt(out.fitid.empty() ? tree.ChildText(trn, "REFNUM") : std::string_view(out.fitid));

  std::string code(tree.ChildText(trn, "TRNTYPE"));
  const std::string_view sic = tree.ChildText(trn, "SIC");
  if (!code.empty() && !sic.empty()) code += "-" + std::string(sic);
  line.bank_transaction_code = Opt(code);

  out.correct_fitid = std::string(tree.ChildText(trn, "CORRECTFITID"));
  out.correct_action = Upper(tree.ChildText(trn, "CORRECTACTION"));
  if (!out.correct_fitid.empty() && out.correct_action != "DELETE" && out.correct_action != "REPLACE") {
    return MalformedAt(tree, Place(tree, trn, "CORRECTACTION"),
                       "the transaction corrects FITID " + Quoted(out.correct_fitid) +
                           " but CORRECTACTION is " + Quoted(out.correct_action) + "; expected DELETE or REPLACE");
  }
  if (out.correct_fitid.empty() && !out.correct_action.empty()) {
    return MalformedAt(tree, Place(tree, trn, "CORRECTACTION"),
                       "the transaction has CORRECTACTION " + Quoted(out.correct_action) +
                           " but no CORRECTFITID naming the transaction it corrects");
  }
  return out;
}

}  // namespace recon::ofx
