#include "parsers/csv/mapper.hpp"

#include <algorithm>
#include <limits>

#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

std::string ListValues(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "'" : "' or '") + v;
  return out + "'";
}

}  // namespace

LineMapper::LineMapper(const Profile& profile, const Layout& layout)
    : profile_(profile), layout_(layout), b_(layout.binding) {
  for (const Bound* b : {&b_.original_amount, &b_.original_debit, &b_.original_credit, &b_.original_currency,
                         &b_.exchange_rate, &b_.check_number, &b_.customer_reference, &b_.mandate_id,
                         &b_.ultimate_debtor, &b_.ultimate_creditor}) {
    maps_details_ = maps_details_ || b->present();
  }
  maps_details_ = maps_details_ || !b_.charges.empty();
}

std::string_view LineMapper::Cell(const Row& row, const Bound& bound) const {
  if (bound.kind == Bound::Kind::kFixed) return bound.fixed;
  if (bound.kind != Bound::Kind::kColumn || bound.index >= row.fields.size()) return {};
  return ascii::Trim(row.fields[bound.index]);
}

std::optional<std::string> LineMapper::Text(const Row& row, const Bound& bound) const {
  if (!bound.to_end) {
    const std::string_view cell = Cell(row, bound);
    if (cell.empty()) return std::nullopt;
    return std::string(cell);
  }
  std::string joined;
  for (size_t i = bound.index; i < row.fields.size(); ++i) {
    const std::string_view part = ascii::Trim(row.fields[i]);
    if (part.empty()) continue;
    if (!joined.empty()) joined += ' ';
    joined += part;
  }
  if (joined.empty()) return std::nullopt;
  return joined;
}

std::optional<std::string> LineMapper::SidedText(const Row& row, const SidedBound& bound, bool credit) const {
  if (bound.any.present()) return Text(row, bound.any);
  return Text(row, credit ? bound.credit : bound.debit);
}

Error LineMapper::CellError(const Row& row, const Bound& bound, std::string message) const {
  if (bound.kind != Bound::Kind::kColumn) {
    return MakeError(ErrorCode::kMalformedFile, std::move(message), LineLocation(row.line));
  }
  const std::string_view name =
      bound.index < layout_.header.size() ? std::string_view(layout_.header[bound.index]) : "";
  return MakeError(ErrorCode::kMalformedFile, std::move(message), CellLocation(row.line, bound.index, name));
}

Status LineMapper::CheckWidth(const Row& row) const {
  if (layout_.width == 0 || profile_.allow_extra_fields || row.fields.size() <= layout_.width) return Status::Ok();
  // Trailing empty fields are harmless: many exports end every row with a delimiter.
  for (size_t i = row.fields.size(); i-- > layout_.width;) {
    if (!ascii::Trim(row.fields[i]).empty()) {
      return MakeError(ErrorCode::kMalformedFile,
                       "the row has " + std::to_string(row.fields.size()) + " fields, but the header names " +
                           std::to_string(layout_.width) + " columns; field " + std::to_string(i + 1) + " holds " +
                           Quoted(row.fields[i]) + " (an unquoted delimiter inside a text?)",
                       LineLocation(row.line));
    }
  }
  return Status::Ok();
}

Result<Currency> LineMapper::ReadCurrency(const Row& row) const {
  auto currency = ReadCode(row, b_.currency);
  if (!currency) return currency.take_error();
  if (!*currency) return CellError(row, b_.currency, "the currency is empty; expected an ISO 4217 code such as EUR");
  return **currency;
}

Result<std::optional<Currency>> LineMapper::ReadCode(const Row& row, const Bound& bound) const {
  const std::string_view text = Cell(row, bound);
  if (text.empty()) return std::optional<Currency>();
  if (last_currency_ && text == last_currency_text_) return last_currency_;
  auto currency = Currency::FromCode(ascii::Uppercased(text));
  if (!currency) return CellError(row, bound, Quoted(text) + " is not an ISO 4217 currency code");
  last_currency_text_ = text;
  last_currency_ = currency;
  return currency;
}

Result<int64_t> LineMapper::Negate(const Row& row, const Bound& bound, int64_t minor) const {
  if (minor == kInt64Min) return CellError(row, bound, Quoted(Cell(row, bound)) + " is too large an amount");
  return -minor;
}

Result<std::optional<Amount>> LineMapper::ReadNumber(const Row& row, const Bound& bound, int exponent) const {
  const std::string_view text = Cell(row, bound);
  if (text.empty()) return std::optional<Amount>();
  Amount a;
  const AmountProblem problem = ParseAmount(text, profile_.number, exponent, a);
  if (problem != AmountProblem::kNone) {
    return CellError(row, bound, DescribeAmountProblem(problem, text, profile_.number, exponent));
  }
  return std::optional<Amount>(a);
}

Result<std::optional<int64_t>> LineMapper::ReadDebitCredit(const Row& row, const Bound& debit_bound,
                                                            const Bound& credit_bound, int exponent) const {
  auto debit = ReadNumber(row, debit_bound, exponent);
  if (!debit) return debit.take_error();
  auto credit = ReadNumber(row, credit_bound, exponent);
  if (!credit) return credit.take_error();
  if (!*debit && !*credit) return std::optional<int64_t>();
  if (*credit && (*credit)->minor < 0) {
    return CellError(row, credit_bound,
                     Quoted(Cell(row, credit_bound)) +
                         " is negative, but a credit column holds money in; a negative amount "
                         "belongs in the debit column");
  }
  // A debit is money out whether or not the bank prints its minus sign.
  const int64_t out = *debit ? (*debit)->minor : 0;
  if (out == kInt64Min) return CellError(row, debit_bound, "the amount is too large");
  const int64_t out_size = out < 0 ? -out : out;
  const int64_t in = *credit ? (*credit)->minor : 0;
  if (out_size != 0 && in != 0) {
    return CellError(row, credit_bound,
                     "both the debit column (" + Quoted(Cell(row, debit_bound)) + ") and the credit column (" +
                         Quoted(Cell(row, credit_bound)) + ") hold an amount; one of them must be empty or zero");
  }
  return std::optional<int64_t>(in != 0 ? in : -out_size);
}

Result<int64_t> LineMapper::ApplyIndicator(const Row& row, const Bound& bound, const Amount& amount) const {
  const Indicator& ind = *profile_.columns.indicator;
  if (amount.has_sign && !ind.ignore_amount_sign) {
    return CellError(row, bound,
                     Quoted(Cell(row, bound)) +
                         " carries a sign, but the indicator column gives the direction; "
                         "the profile can say to ignore the sign (indicator.amount_sign)");
  }
  if (amount.minor == kInt64Min) return CellError(row, bound, "the amount is too large");
  const int64_t size = amount.minor < 0 ? -amount.minor : amount.minor;
  const std::string_view code = Cell(row, b_.indicator);
  const std::string folded = FoldHeader(code);
  if (std::find(ind.debit_values.begin(), ind.debit_values.end(), folded) != ind.debit_values.end()) return -size;
  if (std::find(ind.credit_values.begin(), ind.credit_values.end(), folded) != ind.credit_values.end()) return size;
  return CellError(row, b_.indicator,
                   Quoted(code) + " is neither debit (" + ListValues(ind.debit_display) + ") nor credit (" +
                       ListValues(ind.credit_display) + ")");
}

Status LineMapper::ReadAmount(const Row& row, int exponent, MappedRow& out) const {
  Result<int64_t> amount = int64_t{0};
  if (b_.debit.present()) {
    auto pair = ReadDebitCredit(row, b_.debit, b_.credit, exponent);
    if (!pair) return pair.take_error();
    if (!*pair) return CellError(row, b_.debit, "neither the debit nor the credit column holds an amount");
    amount = **pair;
  } else {
    auto value = ReadNumber(row, b_.amount, exponent);
    if (!value) return value.take_error();
    if (!*value) return CellError(row, b_.amount, "the amount is empty");
    amount = profile_.columns.indicator ? ApplyIndicator(row, b_.amount, **value) : Result<int64_t>((*value)->minor);
  }
  if (!amount) return amount.take_error();
  if (profile_.invert_sign) {
    amount = Negate(row, b_.amount.present() ? b_.amount : b_.debit, *amount);
    if (!amount) return amount.take_error();
  }
  out.line.amount.minor = *amount;
  return Status::Ok();
}

Result<std::optional<Date>> LineMapper::ReadDate(const Row& row, const Bound& bound, bool required) const {
  const std::string_view text = Cell(row, bound);
  if (text.empty()) {
    if (!required) return std::optional<Date>();
    return CellError(row, bound, "the booking date is empty");
  }
  for (const DateFormat& format : profile_.date_formats) {
    if (auto date = format.Read(text)) return std::optional<Date>(*date);
  }
  std::string forms;
  for (const DateFormat& format : profile_.date_formats) forms += (forms.empty() ? "" : " or ") + format.pattern();
  return CellError(row, bound, Quoted(text) + " is not a date in the form " + forms);
}

bool LineMapper::HasBookingDate(const Row& row) const {
  const std::string_view text = Cell(row, b_.booking_date);
  for (const DateFormat& format : profile_.date_formats) {
    if (format.Read(text)) return true;
  }
  return false;
}

Status LineMapper::Map(const Row& row, MappedRow& out) const {
  out.skipped = false;
  out.balance.reset();
  if (Status s = CheckWidth(row); !s) return s;
  // A row without any amount says nothing about money; the profile may skip it before
  // its other cells (often empty too) are judged.
  if (profile_.skip_rows_without_amount && Cell(row, b_.amount).empty() && Cell(row, b_.debit).empty() &&
      Cell(row, b_.credit).empty()) {
    out.skipped = true;
    return Status::Ok();
  }
  auto currency = ReadCurrency(row);
  if (!currency) return currency.take_error();
  StatementLine& line = out.line;
  line.amount.currency = *currency;
  if (Status s = ReadAmount(row, currency->exponent(), out); !s) return s;
  auto booking = ReadDate(row, b_.booking_date, true);
  if (!booking) return booking.take_error();
  line.booking_date = **booking;
  auto value = ReadDate(row, b_.value_date, false);
  if (!value) return value.take_error();
  line.value_date = *value;
  if (b_.balance.present()) {
    const std::string_view text = Cell(row, b_.balance);
    Amount balance;
    const AmountProblem problem = ParseAmount(text, profile_.number, currency->exponent(), balance);
    if (problem == AmountProblem::kEmpty) return CellError(row, b_.balance, "the balance is empty");
    if (problem != AmountProblem::kNone) {
      return CellError(row, b_.balance, DescribeAmountProblem(problem, text, profile_.number, currency->exponent()));
    }
    out.balance = balance.minor;
  }

  line.account = WithoutSpaces(Cell(row, b_.account));
  out.statement_id = std::string(Cell(row, b_.statement_id));
  // The counterparty of money in is the payer; of money out, the payee. A zero amount
  // takes the payer's side when it is filled.
  bool credit = line.amount.minor > 0;
  if (line.amount.minor == 0) credit = SidedText(row, b_.counterparty_name, true).has_value();
  line.counterparty_name = SidedText(row, b_.counterparty_name, credit);
  line.counterparty_account = SidedText(row, b_.counterparty_account, credit);
  line.counterparty_bic = SidedText(row, b_.counterparty_bic, credit);
  line.structured_reference = Text(row, b_.structured_reference);
  line.end_to_end_id = Text(row, b_.end_to_end_id);
  if (line.end_to_end_id == "NOTPROVIDED") line.end_to_end_id.reset();
  line.bank_reference = Text(row, b_.bank_reference);
  line.bank_transaction_code = Text(row, b_.bank_transaction_code);
  line.remittance_info.reset();
  for (const Bound& part : b_.remittance) {
    std::optional<std::string> text = Text(row, part);
    if (!text) continue;
    if (line.remittance_info) {
      *line.remittance_info += ' ';
      *line.remittance_info += *text;
    } else {
      line.remittance_info = std::move(text);
    }
  }
  return ReadDetails(row, line);
}

}  // namespace recon::csv
