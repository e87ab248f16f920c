// The details of a line beyond the common core: foreign exchange (AmtDtls), charges
// (Chrgs), cheque number, instruction and mandate ids, ultimate parties.
//
// The choices, documented in docs/parsers/camt.md:
//   original_amount   AmtDtls/InstdAmt when it differs from the booked amount (another
//                     currency, or charges taken out of it), else AmtDtls/TxAmt when it is in
//                     another currency; signed like the line
//   exchange_rate     XchgRate of that amount, else of the first of InstdAmt, TxAmt,
//                     CntrValAmt that has one; decimal text, never a double
//   charges           Chrgs/TtlChrgsAndTaxAmt, else the sum of the Rcrd (DBIT adds, CRDT
//                     subtracts); none when the records are in more than one currency
//   check_number      Refs/ChqNb
//   customer_reference  Refs/InstrId
//   mandate_id        Refs/MndtId
//   ultimate_debtor / ultimate_creditor  UltmtDbtr and UltmtCdtr, their Nm (or Pty/Nm)
// Each transaction's own AmtDtls and Chrgs count; the entry's only for a line that is the
// whole entry (a batch's lines would otherwise each carry the entry's charges).
#include <string>
#include <string_view>

#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/camt_values.hpp"
#include "parsers/common/exchange_rate.hpp"
#include "parsers/common/line_details.hpp"
#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

Result<Money> ReadAmount(const RawAmount& raw, const std::string& where) {
  auto currency = ParseCurrency(ascii::Trim(raw.currency));
  if (!currency) return At(currency.take_error(), where);
  auto magnitude = ParseDecimalAmount(ascii::Trim(raw.value), currency->exponent());
  if (!magnitude) return At(magnitude.take_error(), where);
  return Money{*magnitude, *currency};
}

Result<std::optional<std::string>> ReadRate(const RawExchange& x, const std::string& where) {
  if (ascii::Trim(x.rate).empty()) return std::optional<std::string>();
  auto rate = parsers::NormalizeExchangeRate(x.rate);
  if (!rate) {
    return MakeError(
        ErrorCode::kMalformedFile,
        "XchgRate '" + std::string(ascii::Trim(x.rate)) + "' is not a positive decimal number such as 1.0856",
        where + "/CcyXchg/XchgRate");
  }
  return rate;
}

// The three AmtDtls of a transaction or an entry, with where they are.
struct AmountDetails {
  const RawAmountAndExchange& instructed;
  const RawAmountAndExchange& transaction;
  const RawAmountAndExchange& counter_value;
  std::string where;  // the transaction's or entry's path

  bool any() const {
    return instructed.amount.present || transaction.amount.present || counter_value.amount.present ||
           !ascii::Trim(instructed.exchange.rate).empty() || !ascii::Trim(transaction.exchange.rate).empty() ||
           !ascii::Trim(counter_value.exchange.rate).empty();
  }
};

Status MapExchange(const AmountDetails& d, const StatementLine& line, LineDetails& out) {
  const int sign = line.amount.minor < 0 ? -1 : 1;
  const RawAmountAndExchange* original = nullptr;
  std::string original_where;
  if (d.instructed.amount.present) {
    auto instructed = ReadAmount(d.instructed.amount, d.where + "/AmtDtls/InstdAmt/Amt");
    if (!instructed) return instructed.take_error();
    if (!(instructed->currency == line.amount.currency) || instructed->minor * sign != line.amount.minor) {
      out.original_amount = Money{instructed->minor * sign, instructed->currency};
      original = &d.instructed;
      original_where = d.where + "/AmtDtls/InstdAmt";
    }
  }
  if (!original && d.transaction.amount.present) {
    auto transaction = ReadAmount(d.transaction.amount, d.where + "/AmtDtls/TxAmt/Amt");
    if (!transaction) return transaction.take_error();
    if (!(transaction->currency == line.amount.currency)) {
      out.original_amount = Money{transaction->minor * sign, transaction->currency};
      original = &d.transaction;
      original_where = d.where + "/AmtDtls/TxAmt";
    }
  }
  if (out.original_amount) out.original_currency = std::string(out.original_amount->currency.code());
  const std::pair<const RawAmountAndExchange*, std::string> candidates[] = {
      {original, original_where},
      {&d.instructed, d.where + "/AmtDtls/InstdAmt"},
      {&d.transaction, d.where + "/AmtDtls/TxAmt"},
      {&d.counter_value, d.where + "/AmtDtls/CntrValAmt"}};
  for (const auto& [candidate, where] : candidates) {
    if (candidate == nullptr) continue;
    auto rate = ReadRate(candidate->exchange, where);
    if (!rate) return rate.take_error();
    if (*rate) {
      out.exchange_rate = std::move(*rate);
      break;
    }
  }
  return Status::Ok();
}

Status MapCharges(const RawCharges& charges, const std::string& where, LineDetails& out) {
  if (charges.total.present) {
    auto total = ReadAmount(charges.total, where + "/Chrgs/TtlChrgsAndTaxAmt");
    if (!total) return total.take_error();
    out.charges = *total;
    return Status::Ok();
  }
  std::optional<Money> sum;
  for (size_t i = 0; i < charges.records.size(); ++i) {
    const RawCharge& record = charges.records[i];
    if (!record.amount.present) continue;
    const std::string record_where = where + "/Chrgs/Rcrd[" + std::to_string(i + 1) + "]";
    auto amount = ReadAmount(record.amount, record_where + "/Amt");
    if (!amount) return amount.take_error();
    if (!ascii::Trim(record.credit_debit).empty()) {
      auto direction = ParseCreditDebit(ascii::Trim(record.credit_debit));
      if (!direction) return At(direction.take_error(), record_where + "/CdtDbtInd");
      // A debited charge costs the account holder: positive. A credited one is a refund.
      if (*direction > 0) amount->minor = -amount->minor;
    }
    if (!sum) {
      sum = *amount;
      continue;
    }
    auto next = sum->Plus(*amount);
    if (!next) return Status::Ok();  // mixed currencies (or absurd sums): no single figure to show
    sum = *next;
  }
  out.charges = sum;
  return Status::Ok();
}

void MapReferences(const RawTransaction& tx, LineDetails& out) {
  out.check_number = OptionalText(tx.cheque_number);
  out.customer_reference = OptionalText(tx.instruction_id);
  out.mandate_id = OptionalText(tx.mandate_id);
  out.ultimate_debtor = OptionalText(tx.ultimate_debtor.name);
  out.ultimate_creditor = OptionalText(tx.ultimate_creditor.name);
}

}  // namespace

Status MapLineDetails(const RawEntry& entry, const RawTransaction* tx, bool whole_entry, const EntryPlace& place,
                      StatementLine& line) {
  // Gathered apart and boxed only when something is found: most lines have none of it. Paths
  // are built only for the few lines that have amounts here: this runs for every line.
  LineDetails found;
  if (tx != nullptr) {
    MapReferences(*tx, found);
    const AmountDetails own{tx->instructed, tx->transaction, tx->counter_value, {}};
    const bool own_charges = tx->charges.total.present || !tx->charges.records.empty();
    if (own.any() || own_charges) {
      std::string tx_path = place();
      if (tx->details_index > 0) tx_path += "/NtryDtls[" + std::to_string(tx->details_index) + "]";
      tx_path += "/TxDtls[" + std::to_string(tx->index) + "]";
      if (own.any()) {
        const AmountDetails at{tx->instructed, tx->transaction, tx->counter_value, tx_path};
        if (Status s = MapExchange(at, line, found); !s) return s;
      }
      if (own_charges) {
        if (Status s = MapCharges(tx->charges, tx_path, found); !s) return s;
      }
    }
  }
  if (whole_entry) {
    const AmountDetails of_entry{entry.instructed, entry.transaction, entry.counter_value, {}};
    if (!found.original_amount && !found.exchange_rate && of_entry.any()) {
      const AmountDetails at{entry.instructed, entry.transaction, entry.counter_value, place()};
      if (Status s = MapExchange(at, line, found); !s) return s;
    }
    if (!found.charges && (entry.charges.total.present || !entry.charges.records.empty())) {
      if (Status s = MapCharges(entry.charges, place(), found); !s) return s;
    }
  }
  if (!parsers::Empty(found)) line.details.Edit() = std::move(found);
  return Status::Ok();
}

}  // namespace recon::camt
