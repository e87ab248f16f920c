// The line details a profile may map (recon::LineDetails): the original amount and its
// currency, the exchange rate, the charges and five texts. Amounts are read exactly, with
// the profile's number style, in the minor units of their own currency.
//
// The choices, documented in docs/parsers/csv.md:
//   original_amount   signed like the line (a debit/credit pair, an indicator and
//                     "amount_sign": "inverted" apply as to the line's amount); left out when it
//                     equals the booked amount in the same currency, as camt does; a sign
//                     against the line's is refused
//   original_currency needed for a filled original amount; alone, kept when it is not the
//                     line's currency
//   exchange_rate     decimal text with a point; the profile's decimal separator only, no grouping
//   charges           the sum of the charges columns, positive for a charge ("charges_sign":
//                     "negative" for exports that write a fee with a minus); zero is absent
#include "parsers/common/exchange_rate.hpp"
#include "parsers/common/line_details.hpp"
#include "parsers/csv/mapper.hpp"
#include "parsers/csv/text.hpp"

namespace recon::csv {
namespace {

bool Opposite(int64_t a, int64_t b) { return (a < 0 && b > 0) || (a > 0 && b < 0); }

}  // namespace

Status LineMapper::ReadOriginal(const Row& row, const StatementLine& line, LineDetails& d) const {
  auto currency = ReadCode(row, b_.original_currency);
  if (!currency) return currency.take_error();
  const bool pair = b_.original_debit.present() || b_.original_credit.present();
  const Bound& where = pair ? (b_.original_debit.present() ? b_.original_debit : b_.original_credit)
                            : b_.original_amount;
  const bool filled = pair ? !Cell(row, b_.original_debit).empty() || !Cell(row, b_.original_credit).empty()
                           : !Cell(row, b_.original_amount).empty();
  if (!filled) {
    if (*currency && !(**currency == line.amount.currency)) d.original_currency = std::string((*currency)->code());
    return Status::Ok();
  }
  if (!*currency) {
    return CellError(row, b_.original_currency.present() ? b_.original_currency : where,
                     "the original currency is empty, but the row has an original amount; expected an ISO 4217 "
                     "code such as USD");
  }
  const int exponent = (*currency)->exponent();
  int64_t original = 0;
  if (pair) {
    auto amount = ReadDebitCredit(row, b_.original_debit, b_.original_credit, exponent);
    if (!amount) return amount.take_error();
    original = amount->value_or(0);
  } else {
    auto amount = ReadNumber(row, b_.original_amount, exponent);
    if (!amount) return amount.take_error();
    if (profile_.columns.indicator) {
      auto signed_amount = ApplyIndicator(row, b_.original_amount, **amount);
      if (!signed_amount) return signed_amount.take_error();
      original = *signed_amount;
    } else {
      original = (*amount)->minor;
    }
  }
  if (profile_.invert_sign) {
    auto inverted = Negate(row, where, original);
    if (!inverted) return inverted.take_error();
    original = *inverted;
  }
  if (Opposite(original, line.amount.minor)) {
    return CellError(row, where,
                     "the original amount " + Quoted(FormatMinorUnits(original, exponent)) + " is money " +
                         (original > 0 ? "in" : "out") + ", but the line's amount " +
                         Quoted(line.amount.ToString()) + " is money " + (original > 0 ? "out" : "in") +
                         "; an original amount has the direction of its line");
  }
  // The booked amount itself, in its own currency, tells nothing more.
  if (**currency == line.amount.currency && original == line.amount.minor) return Status::Ok();
  d.original_amount = Money{original, **currency};
  d.original_currency = std::string((*currency)->code());
  return Status::Ok();
}

Status LineMapper::ReadExchangeRate(const Row& row, LineDetails& d) const {
  const std::string_view text = Cell(row, b_.exchange_rate);
  if (text.empty()) return Status::Ok();
  // The other separator could be a thousands separator: "1,086" is ambiguous under a
  // decimal point, so only the profile's own decimal separator is read.
  const char other = profile_.number.decimal == '.' ? ',' : '.';
  std::optional<std::string> rate;
  if (text.find(other) == std::string_view::npos) rate = parsers::NormalizeExchangeRate(text);
  if (!rate) {
    return CellError(row, b_.exchange_rate,
                     Quoted(text) + " is not an exchange rate; expected a positive decimal number such as 1" +
                         std::string(1, profile_.number.decimal) + "0856, with '" +
                         std::string(1, profile_.number.decimal) + "' as decimal separator and no grouping");
  }
  d.exchange_rate = std::move(*rate);
  return Status::Ok();
}

Status LineMapper::ReadCharges(const Row& row, const StatementLine& line, LineDetails& d) const {
  auto code = ReadCode(row, b_.charges_currency);
  if (!code) return code.take_error();
  const Currency currency = code->value_or(line.amount.currency);
  int64_t sum = 0;
  for (const Bound& bound : b_.charges) {
    auto amount = ReadNumber(row, bound, currency.exponent());
    if (!amount) return amount.take_error();
    if (!*amount) continue;
    const std::optional<int64_t> next = CheckedAdd(sum, (*amount)->minor);
    if (!next) {
      return CellError(row, bound, "the charges add up to more than an amount can hold when " +
                                       Quoted(Cell(row, bound)) + " is added");
    }
    sum = *next;
  }
  if (profile_.charges_negative) {
    auto charge = Negate(row, b_.charges.front(), sum);
    if (!charge) return charge.take_error();
    sum = *charge;
  }
  if (sum != 0) d.charges = Money{sum, currency};
  return Status::Ok();
}

Status LineMapper::ReadDetails(const Row& row, StatementLine& line) const {
  line.details = LineDetailsBox();
  if (!maps_details_) return Status::Ok();
  LineDetails d;
  if (b_.original_amount.present() || b_.original_debit.present() || b_.original_credit.present() ||
      b_.original_currency.present()) {
    if (Status s = ReadOriginal(row, line, d); !s) return s;
  }
  if (Status s = ReadExchangeRate(row, d); !s) return s;
  if (!b_.charges.empty()) {
    if (Status s = ReadCharges(row, line, d); !s) return s;
  }
  d.check_number = Text(row, b_.check_number);
  d.customer_reference = Text(row, b_.customer_reference);
  d.mandate_id = Text(row, b_.mandate_id);
  d.ultimate_debtor = Text(row, b_.ultimate_debtor);
  d.ultimate_creditor = Text(row, b_.ultimate_creditor);
  if (!parsers::Empty(d)) line.details.Edit() = std::move(d);
  return Status::Ok();
}

}  // namespace recon::csv
