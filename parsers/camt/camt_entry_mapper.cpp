// Ntry and TxDtls -> statement lines.
#include <string>
#include <string_view>

#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/camt_values.hpp"
#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

// ISO 20022 Max140Text: a bank that splits a long text over several Ustrd cuts it at
// exactly this many characters, often mid-word.
constexpr size_t kUstrdChunkChars = 140;

constexpr std::string_view kNotProvided = "NOTPROVIDED";

Error Malformed(const std::string& where, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), where);
}

size_t CharacterCount(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view TrimLeft(std::string_view text) {
  const std::string_view t = ascii::Trim(text);
  return t.empty() ? t : text.substr(static_cast<size_t>(t.data() - text.data()));
}

std::string_view TrimRight(std::string_view text) {
  const std::string_view t = ascii::Trim(text);
  return t.empty() ? t : text.substr(0, static_cast<size_t>(t.data() - text.data()) + t.size());
}

// "PMNT-RCDT-ESCT" from Domn, else the proprietary code.
std::optional<std::string> TransactionCode(const RawCode& code) {
  const std::string_view domain = ascii::Trim(code.domain);
  if (domain.empty()) return OptionalText(code.proprietary);
  std::string out(domain);
  const std::string_view family = ascii::Trim(code.family);
  const std::string_view sub = ascii::Trim(code.sub_family);
  if (!family.empty()) out.append("-").append(family);
  if (!sub.empty()) out.append("-").append(sub);
  return out;
}

bool HasCode(const RawCode& code) {
  return !ascii::Trim(code.domain).empty() || !ascii::Trim(code.proprietary).empty();
}

void AppendPiece(std::string& text, std::string_view piece) {
  piece = ascii::Trim(piece);
  if (piece.empty()) return;
  if (!text.empty()) text += ' ';
  text += piece;
}

// Structured remittance: the first creditor reference is the line's structured
// reference; further references, referred document numbers and additional remittance
// text are appended to the remittance text, so that the matcher sees them.
void MapRemittance(const RawTransaction& tx, StatementLine& line) {
  std::string text = JoinUnstructured(tx.unstructured);
  for (const RawStructured& s : tx.structured) {
    const std::string_view reference = ascii::Trim(s.reference);
    if (!line.structured_reference && !reference.empty()) {
      line.structured_reference = std::string(reference);
    } else {
      AppendPiece(text, reference);
    }
    for (const std::string& number : s.document_numbers) AppendPiece(text, number);
    for (const std::string& additional : s.additional) AppendPiece(text, additional);
  }
  if (text.empty()) AppendPiece(text, tx.additional_info);
  if (!text.empty()) line.remittance_info = std::move(text);
}

// The other side of the payment. Money in (or the reversal of money out) comes from the
// debtor; money out (or the reversal of money in) goes to the creditor. When that side
// is missing, or is our own account, the other side is taken.
void MapCounterparty(const RawTransaction& tx, bool payer_side, const std::string& our_account,
                     StatementLine& line) {
  auto is_us = [&](const RawParty& p) { return !our_account.empty() && ascii::Trim(p.account) == our_account; };
  const RawParty* party = payer_side ? &tx.debtor : &tx.creditor;
  const RawParty* ultimate = payer_side ? &tx.ultimate_debtor : &tx.ultimate_creditor;
  const std::string* agent_bic = payer_side ? &tx.debtor_agent_bic : &tx.creditor_agent_bic;
  const RawParty* other = payer_side ? &tx.creditor : &tx.debtor;
  if (((party->empty() && ultimate->empty()) || is_us(*party)) && !other->empty() && !is_us(*other)) {
    ultimate = payer_side ? &tx.ultimate_creditor : &tx.ultimate_debtor;
    agent_bic = payer_side ? &tx.creditor_agent_bic : &tx.debtor_agent_bic;
    party = other;
  }
  line.counterparty_name = OptionalText(party->name);
  if (!line.counterparty_name) line.counterparty_name = OptionalText(ultimate->name);
  line.counterparty_account = OptionalText(party->account);
  line.counterparty_bic = OptionalText(*agent_bic);
  if (!line.counterparty_bic) line.counterparty_bic = OptionalText(party->bic);
}

void MapTransaction(const RawTransaction& tx, bool payer_side, const std::string& our_account,
                    StatementLine& line) {
  const std::string_view e2e = ascii::Trim(tx.end_to_end_id);
  if (!e2e.empty() && e2e != kNotProvided) line.end_to_end_id = std::string(e2e);
  if (!line.bank_reference) line.bank_reference = OptionalText(tx.account_servicer_reference);
  if (HasCode(tx.code)) line.bank_transaction_code = TransactionCode(tx.code);
  MapCounterparty(tx, payer_side, our_account, line);
  MapRemittance(tx, line);
}

void MarkReversal(StatementLine& line) {
  line.bank_transaction_code = line.bank_transaction_code.value_or("") + std::string(kReversalMark);
}

// The creation date of the statement (CreDtTm), else of the message (GrpHdr/CreDtTm).
std::optional<Date> FallbackDate(const RawStatement& statement) {
  for (const std::string* text : {&statement.created, &statement.message_created}) {
    auto date = ParseDateOrDateTime("", ascii::Trim(*text));
    if (date && *date) return **date;
  }
  return std::nullopt;
}

}  // namespace

std::string EntryPlace::operator()(std::string_view suffix) const {
  return statement_path + "/Ntry[" + std::to_string(index) + "]" + std::string(suffix);
}

namespace {

std::string TransactionPath(const std::string& entry_path, const RawTransaction& tx) {
  std::string path = entry_path;
  if (tx.details_index > 0) path += "/NtryDtls[" + std::to_string(tx.details_index) + "]";
  return path + "/TxDtls[" + std::to_string(tx.index) + "]";
}

}  // namespace

std::string JoinUnstructured(const Recycled<std::string>& chunks) {
  // A chunk of exactly 140 characters was cut by the bank, maybe mid-word: the next
  // one continues it without a separator. Shorter chunks are separate texts, joined
  // by one space.
  std::string text;
  bool previous_cut = false;
  for (const std::string& chunk : chunks) {
    const bool cut = CharacterCount(chunk) == kUstrdChunkChars;
    std::string_view piece = chunk;
    if (!previous_cut) piece = TrimLeft(piece);
    if (!cut) piece = TrimRight(piece);
    if (piece.empty()) {
      previous_cut = false;
      continue;
    }
    if (!previous_cut && !text.empty()) text += ' ';
    text += piece;
    previous_cut = cut;
  }
  return std::string(ascii::Trim(text));
}

Result<Currency> StatementMapper::CurrencyOf(const RawAmount& amount, const EntryPlace& place,
                                             std::string_view suffix) {
  const std::string_view code = ascii::Trim(amount.currency);
  if (cached_currency_ && code == cached_code_) return *cached_currency_;
  auto currency = ParseCurrency(code);
  if (!currency) return At(currency.take_error(), place(suffix));
  cached_code_ = std::string(code);
  cached_currency_ = *currency;
  return *currency;
}

Status StatementMapper::Push(StatementLine line, const EntryPlace& place) {
  if (lines_in_file_ >= options_.statement_lines_max) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "the file has more than " + std::to_string(options_.statement_lines_max) + " lines", place());
  }
  ++lines_in_file_;
  current_.lines.push_back(std::move(line));
  booked_.push_back(entry_booked_);
  return Status::Ok();
}

// The typed values of an entry: amount and direction, reversal, dates.
Result<StatementMapper::EntryValues> StatementMapper::ReadEntry(const RawStatement& statement, const RawEntry& entry,
                                                                const EntryPlace& where) {
  EntryValues v;
  if (!entry.amount.present) return Malformed(where("/Amt"), "the entry has no amount (Amt)");
  auto currency = CurrencyOf(entry.amount, where, "/Amt");
  if (!currency) return currency.take_error();
  auto magnitude = ParseDecimalAmount(ascii::Trim(entry.amount.value), currency->exponent());
  if (!magnitude) return At(magnitude.take_error(), where("/Amt"));
  auto sign = ParseCreditDebit(ascii::Trim(entry.credit_debit));
  if (!sign) return At(sign.take_error(), where("/CdtDbtInd"));
  v.sign = *sign;
  v.amount = Money{*sign * *magnitude, *currency};
  if (!ascii::Trim(entry.reversal).empty()) {
    auto r = ParseBoolean(ascii::Trim(entry.reversal));
    if (!r) return At(r.take_error(), where("/RvslInd"));
    v.reversal = *r;
  }
  auto booking = ParseDateOrDateTime(ascii::Trim(entry.booking_date), ascii::Trim(entry.booking_date_time));
  if (!booking) return At(booking.take_error(), where(entry.booking_date.empty() ? "/BookgDt/DtTm" : "/BookgDt/Dt"));
  auto value = ParseDateOrDateTime(ascii::Trim(entry.value_date), ascii::Trim(entry.value_date_time));
  if (!value) return At(value.take_error(), where(entry.value_date.empty() ? "/ValDt/DtTm" : "/ValDt/Dt"));
  v.value_date = *value;
  if (*booking) {
    v.booking_date = **booking;
  } else if (*value) {
    v.booking_date = **value;
  } else {
    // Some notifications and spec examples book an entry without any date. The
    // statement's creation date stands in (a warning says so), rather than refusing
    // the whole file.
    auto fallback = FallbackDate(statement);
    if (!fallback) {
      return Malformed(where(), "the entry has neither a booking date nor a value date, and the statement no "
                                "creation date to stand in");
    }
    v.booking_date = *fallback;
    ++undated_entries_;
    undated_date_ = *fallback;
  }
  return v;
}

Status StatementMapper::AddEntry(const RawStatement& statement, const RawEntry& entry) {
  const EntryPlace where{statement.path, entry.index};
  if (ascii::Trim(statement.account).empty()) {
    return Malformed(statement.path + "/Acct", "the statement names no account (IBAN or Othr/Id)");
  }
  if (first_entry_currency_.empty()) first_entry_currency_ = std::string(ascii::Trim(entry.amount.currency));
  const std::string_view status = ascii::Trim(entry.status);
  if (status.empty()) return Malformed(where("/Sts"), "the entry has no status (Sts); expected BOOK, PDNG or INFO");
  if (status != "BOOK" && status != "PDNG" && status != "INFO" && status != "FUTR") {
    return Malformed(where("/Sts"), "Sts is '" + std::string(status) + "'; expected BOOK, PDNG, INFO or FUTR");
  }
  entry_booked_ = status == "BOOK";
  if (!entry_booked_ && !options_.include_pending) return Status::Ok();
  auto v = ReadEntry(statement, entry, where);
  if (!v) return v.take_error();

  // A copy of a blank line: a default-constructed Money would look the currency "EUR"
  // up in the ISO table once per line, only to be overwritten.
  StatementLine base = blank_line_;
  base.account = std::string(ascii::Trim(statement.account));
  base.booking_date = v->booking_date;
  base.value_date = v->value_date;
  base.amount = v->amount;
  base.bank_reference = OptionalText(entry.account_servicer_reference);
  base.bank_transaction_code = TransactionCode(entry.code);
  const bool payer_side = (v->sign > 0) != v->reversal;

  if (entry.transactions.size() > 1) return MapBatch(entry, base, v->sign, v->reversal, where);
  const RawTransaction* only = entry.transactions.size() == 1 ? &entry.transactions[0] : nullptr;
  if (only) MapTransaction(*only, payer_side, base.account, base);
  if (Status s = MapLineDetails(entry, only, true, where, base); !s) return s;
  if (!base.remittance_info) base.remittance_info = OptionalText(entry.additional_info);
  if (!base.bank_reference) base.bank_reference = OptionalText(entry.entry_reference);
  if (v->reversal) MarkReversal(base);
  return Push(std::move(base), where);
}

// A batch entry: one line per TxDtls, each with its own amount in the entry's currency
// (TxDtls/Amt, else AmtDtls/TxAmt, else AmtDtls/CntrValAmt) and the entry's reference.
// The lines must add up to the entry: when a transaction has no amount in the entry's
// currency, or the amounts do not add up, the entry stays one line and the statement
// gets a warning, so that the statement's balances still hold.
Status StatementMapper::MapBatch(const RawEntry& entry, const StatementLine& base, int sign, bool reversal,
                                 const EntryPlace& place) {
  const std::string where = place();
  const Currency currency = base.amount.currency;
  std::vector<int64_t> magnitudes;
  std::vector<int> signs;  // each transaction's own CdtDbtInd, else the entry's
  int64_t signed_sum = 0, magnitude_sum = 0;
  bool splittable = true;
  for (const RawTransaction& tx : entry.transactions) {
    const std::string tx_where = TransactionPath(where, tx);
    const RawAmount* chosen = nullptr;
    std::string amount_where;
    const std::pair<const RawAmount*, const char*> candidates[] = {
        {&tx.amount, "/Amt"},
        {&tx.transaction.amount, "/AmtDtls/TxAmt/Amt"},
        {&tx.counter_value.amount, "/AmtDtls/CntrValAmt/Amt"}};
    for (const auto& [candidate, path] : candidates) {
      if (candidate->present && ascii::Trim(candidate->currency) == currency.code()) {
        chosen = candidate;
        amount_where = tx_where + path;
        break;
      }
    }
    if (chosen == nullptr) {
      splittable = false;
      continue;
    }
    auto magnitude = ParseDecimalAmount(ascii::Trim(chosen->value), currency.exponent());
    if (!magnitude) return At(magnitude.take_error(), amount_where);
    int tx_sign = sign;
    if (!ascii::Trim(tx.credit_debit).empty()) {
      auto s = ParseCreditDebit(ascii::Trim(tx.credit_debit));
      if (!s) return At(s.take_error(), tx_where + "/CdtDbtInd");
      tx_sign = *s;
    }
    const auto next_signed = CheckedAdd(signed_sum, tx_sign * *magnitude);
    const auto next_magnitude = CheckedAdd(magnitude_sum, *magnitude);
    if (!next_signed || !next_magnitude) return Malformed(amount_where, "the batch's amounts overflow when added");
    signed_sum = *next_signed;
    magnitude_sum = *next_magnitude;
    signs.push_back(tx_sign);
    magnitudes.push_back(*magnitude);
  }
  const int64_t entry_amount = base.amount.minor;
  const bool own_signs = splittable && signed_sum == entry_amount;
  const bool entry_sign = splittable && !own_signs && magnitude_sum * sign == entry_amount;
  if (!own_signs && !entry_sign) {
    std::string why = splittable ? "its " + std::to_string(entry.transactions.size()) + " transactions add up to " +
                                       FormatMinorUnits(signed_sum, currency.exponent()) + " " +
                                       std::string(currency.code()) + ", the entry to " + base.amount.ToString()
                                 : "not every transaction has an amount in the entry's currency " +
                                       std::string(currency.code());
    current_.warnings.push_back(where + ": a batch entry kept as one line: " + why);
    StatementLine line = base;
    if (!line.remittance_info) line.remittance_info = OptionalText(entry.additional_info);
    if (Status s = MapLineDetails(entry, nullptr, true, place, line); !s) return s;
    if (reversal) MarkReversal(line);
    return Push(std::move(line), place);
  }
  for (size_t i = 0; i < entry.transactions.size(); ++i) {
    StatementLine line = base;
    const int line_sign = own_signs ? signs[i] : sign;
    line.amount.minor = line_sign * magnitudes[i];
    const bool payer_side = (line_sign > 0) != reversal;
    MapTransaction(entry.transactions[i], payer_side, base.account, line);
    if (Status s = MapLineDetails(entry, &entry.transactions[i], false, place, line); !s) return s;
    if (reversal) MarkReversal(line);
    if (Status s = Push(std::move(line), place); !s) return s;
  }
  return Status::Ok();
}

}  // namespace recon::camt
