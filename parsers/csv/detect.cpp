#include "parsers/csv/detect.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "parsers/csv/column_stats.hpp"
#include "parsers/csv/reader.hpp"
#include "parsers/csv/sniff.hpp"
#include "parsers/csv/synonyms.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"
#include "recon/money.hpp"

namespace recon::csv {
namespace {

Error Refuse(ErrorCode code, const std::string& what, std::string location = "") {
  return MakeError(code, "automatic mode " + what + "; name a CSV profile (?profile=) for this layout",
                   std::move(location));
}

class Detector {
 public:
  Detector(std::string_view text, Encoding encoding) : text_(text), encoding_(encoding) {}

  Result<Profile> Run(std::vector<std::string>& notes);

 private:
  Status ReadHeaderAndStats();
  bool TypeFits(Field f, size_t column) const;
  Status Assign();
  Status DecideAmount(Profile& p);
  Status DecideCurrency(Profile& p);
  Status DecideDates(Profile& p);
  Status DecideNumbers(Profile& p);
  void MapText(Profile& p);
  std::string Name(size_t column) const {
    return "'" + Excerpt(header_[column], 40) + "' (column " + std::to_string(column + 1) + ")";
  }
  ColumnRef Index(size_t column, std::string_view field) const {
    ColumnRef ref;
    ref.kind = ColumnRef::Kind::kIndex;
    ref.index = column;
    ref.field = "columns." + std::string(field);
    return ref;
  }

  std::string_view text_;
  Encoding encoding_;
  Structure structure_;
  std::vector<std::string> header_;
  std::vector<HeaderName> names_;
  std::vector<std::pair<std::string, std::string>> preamble_;  // (first cell, second cell)
  std::vector<ColumnStats> stats_;
  size_t data_rows_ = 0;
  std::array<std::vector<size_t>, kFieldCount> chosen_;  // columns per field
  std::vector<std::string> summary_;
};

Status Detector::ReadHeaderAndStats() {
  Reader reader(text_, Dialect{structure_.delimiter, '"'});
  Row row;
  for (size_t i = 0; i <= structure_.skip_rows; ++i) {
    auto more = reader.Next(row);
    if (!more) return more.error();
    if (i < structure_.skip_rows && row.fields.size() >= 2 && !ascii::Trim(row.fields[0]).empty()) {
      preamble_.emplace_back(std::string(ascii::Trim(row.fields[0])), std::string(ascii::Trim(row.fields[1])));
    }
  }
  for (std::string_view f : row.fields) header_.emplace_back(ascii::Trim(f));
  while (!header_.empty() && header_.back().empty()) header_.pop_back();
  stats_.resize(header_.size());
  for (size_t j = 0; j < header_.size(); ++j) {
    names_.push_back(SplitHeader(header_[j]));
    for (int f = 0; f < kFieldCount; ++f) {
      if (!SynonymRank(static_cast<Field>(f), names_[j].folded)) continue;
      switch (KindOf(static_cast<Field>(f))) {
        case FieldKind::kDate:
          stats_[j].wants_date = true;
          break;
        case FieldKind::kNumber:
          stats_[j].wants_number = true;
          break;
        case FieldKind::kCurrency:
          stats_[j].wants_code = true;
          break;
        case FieldKind::kIndicator:
          stats_[j].wants_indicator = true;
          break;
        case FieldKind::kText:
          break;
      }
    }
  }
  reader.set_header(&header_);
  for (;;) {
    auto more = reader.Next(row);
    if (!more) return more.error();
    if (!*more) break;
    if (IsBlankRow(row.fields)) continue;
    ++data_rows_;
    const size_t n = std::min(row.fields.size(), header_.size());
    for (size_t j = 0; j < n; ++j) {
      ColumnStats& s = stats_[j];
      if (!s.wants_any()) continue;
      const std::string_view cell = ascii::Trim(row.fields[j]);
      if (!cell.empty()) AddCell(s, cell, row.line);
    }
  }
  return Status::Ok();
}

// Whether a column's cells are what the field needs. With no data rows at all there is
// nothing to contradict the header, and the file yields no statement anyway.
bool Detector::TypeFits(Field f, size_t column) const {
  const ColumnStats& s = stats_[column];
  if (data_rows_ == 0 || KindOf(f) == FieldKind::kText) return true;
  if (s.non_empty == 0) return false;
  switch (KindOf(f)) {
    case FieldKind::kText:
      return true;
    case FieldKind::kDate: {
      const std::vector<size_t> best = BestDateFormats(s);
      return !best.empty() && s.date_reads[best[0]] * 2 >= s.non_empty;
    }
    case FieldKind::kNumber:
      return s.numbers * 2 >= s.non_empty;
    case FieldKind::kCurrency:
      return s.codes * 2 >= s.non_empty;
    case FieldKind::kIndicator:
      return IndicatorOf(s).has_value();
  }
  return false;
}

Status Detector::Assign() {
  std::vector<bool> taken(header_.size(), false);
  for (int fi = 0; fi < kFieldCount; ++fi) {
    const Field f = static_cast<Field>(fi);
    if (f == Field::kRemittance) {
      for (size_t j = 0; j < header_.size(); ++j) {
        if (!taken[j] && SynonymRank(f, names_[j].folded)) chosen_[fi].push_back(j), taken[j] = true;
      }
      continue;
    }
    int best_rank = 1 << 20;
    std::vector<size_t> best;
    for (size_t j = 0; j < header_.size(); ++j) {
      const std::optional<int> rank = SynonymRank(f, names_[j].folded);
      if (taken[j] || !rank || !TypeFits(f, j)) continue;
      if (*rank < best_rank) best_rank = *rank, best.clear();
      if (*rank == best_rank) best.push_back(j);
    }
    if (best.empty()) continue;
    if (best.size() > 1) {
      // Two currency columns that always agree (ING Germany prints one per amount) are one answer.
      const bool same_currency =
          f == Field::kCurrency && std::all_of(best.begin(), best.end(), [&](size_t j) {
            return stats_[j].distinct == stats_[best[0]].distinct && stats_[j].distinct.size() == 1;
          });
      if (!same_currency) {
        const bool essential = f == Field::kBookingDate || f == Field::kAmount || f == Field::kDebit ||
                               f == Field::kCredit || f == Field::kCurrency;
        const std::string what = "could not decide which column is the " + std::string(FieldName(f)) + ": " +
                                 Name(best[0]) + " and " + Name(best[1]) + " both fit";
        if (essential) return Refuse(ErrorCode::kMalformedFile, what, LineLocation(structure_.header_line));
        summary_.push_back("no " + std::string(FieldName(f)) + " (" + Name(best[0]) + " and " + Name(best[1]) +
                           " both fit)");
        for (size_t j : best) taken[j] = true;
        continue;
      }
      best.erase(best.begin() + 1, best.end());
    }
    chosen_[fi] = best;
    taken[best[0]] = true;
  }
  return Status::Ok();
}

Status Detector::DecideAmount(Profile& p) {
  const auto& amount = chosen_[static_cast<int>(Field::kAmount)];
  const auto& debit = chosen_[static_cast<int>(Field::kDebit)];
  const auto& credit = chosen_[static_cast<int>(Field::kCredit)];
  const auto& indicator = chosen_[static_cast<int>(Field::kIndicator)];
  if (!amount.empty()) {
    p.columns.amount = Index(amount[0], "amount");
    summary_.push_back("amount " + Name(amount[0]));
    // Without data rows there are no indicator values to learn, and nothing to sign.
    const std::optional<IndicatorPair> known = indicator.empty() ? std::nullopt : IndicatorOf(stats_[indicator[0]]);
    if (known) {
      const IndicatorPair pair = *known;
      Indicator ind;
      ind.column = Index(indicator[0], "indicator.column");
      ind.debit_values = {std::string(pair.debit)};
      ind.credit_values = {std::string(pair.credit)};
      ind.debit_display = ind.debit_values;
      ind.credit_display = ind.credit_values;
      p.columns.indicator = std::move(ind);
      summary_.push_back("debit/credit from " + Name(indicator[0]) + " ('" + std::string(pair.debit) + "'/'" +
                         std::string(pair.credit) + "')");
    }
    return Status::Ok();
  }
  if (!debit.empty() && !credit.empty()) {
    p.columns.debit = Index(debit[0], "debit");
    p.columns.credit = Index(credit[0], "credit");
    summary_.push_back("debit " + Name(debit[0]) + ", credit " + Name(credit[0]));
    return Status::Ok();
  }
  if (!debit.empty() || !credit.empty()) {
    const size_t j = debit.empty() ? credit[0] : debit[0];
    return Refuse(ErrorCode::kMalformedFile,
                  "found " + std::string(debit.empty() ? "a credit" : "a debit") + " column " + Name(j) +
                      " but not its counterpart",
                  LineLocation(structure_.header_line));
  }
  std::string what = "found no amount column (looked for headers such as " +
                     std::string(SynonymExamples(Field::kAmount)) + ", or Debit and Credit, with numbers below them)";
  if (!chosen_[static_cast<int>(Field::kBalance)].empty()) {
    what += "; the file seems to hold balances only";
  }
  return Refuse(ErrorCode::kMalformedFile, what, LineLocation(structure_.header_line));
}

Status Detector::DecideCurrency(Profile& p) {
  const auto& currency = chosen_[static_cast<int>(Field::kCurrency)];
  if (!currency.empty()) {
    p.columns.currency = Index(currency[0], "currency");
    summary_.push_back("currency " + Name(currency[0]));
    return Status::Ok();
  }
  for (Field f : {Field::kAmount, Field::kDebit, Field::kCredit}) {
    const auto& columns = chosen_[static_cast<int>(f)];
    if (columns.empty() || names_[columns[0]].currency.empty()) continue;
    p.columns.currency.kind = ColumnRef::Kind::kValue;
    p.columns.currency.value = names_[columns[0]].currency;
    p.columns.currency.field = "columns.currency";
    summary_.push_back("currency " + names_[columns[0]].currency + " from the header " + Name(columns[0]));
    return Status::Ok();
  }
  return Refuse(ErrorCode::kMalformedFile,
                "found no currency: no currency column (" + std::string(SynonymExamples(Field::kCurrency)) +
                    ") with ISO 4217 codes, and no code in the amount's header (like 'Bedrag (EUR)')",
                LineLocation(structure_.header_line));
}

Status Detector::DecideDates(Profile& p) {
  using Order = KnownDateFormat::Order;
  const auto formats = KnownDateFormats();
  const Field date_fields[] = {Field::kBookingDate, Field::kValueDate};
  // Pool the evidence of every date column: one file writes its dates one way.
  bool day_first = false, month_first = false;
  const Example* undecided = nullptr;
  size_t undecided_column = 0;
  for (Field f : date_fields) {
    for (size_t j : chosen_[static_cast<int>(f)]) {
      bool has_day = false, has_month = false;
      for (size_t b : BestDateFormats(stats_[j])) {
        has_day |= formats[b].order == Order::kDayFirst;
        has_month |= formats[b].order == Order::kMonthFirst;
      }
      if (has_day && !has_month) day_first = true;
      if (has_month && !has_day) month_first = true;
      if (has_day && has_month && !undecided) undecided = &stats_[j].date_both_orders, undecided_column = j;
    }
  }
  if (day_first && month_first) {
    return Refuse(ErrorCode::kMalformedFile, "found day-first dates in one column and month-first dates in another",
                  LineLocation(structure_.header_line));
  }
  if (undecided && !day_first && !month_first) {
    return Refuse(ErrorCode::kMalformedFile,
                  "could not tell whether the dates in " + Name(undecided_column) +
                      " are day/month or month/day: no date in the file has a day above 12 (e.g. '" + undecided->text +
                      "' on line " + std::to_string(undecided->line) + ")",
                  LineLocation(undecided->line));
  }
  for (Field f : date_fields) {
    for (size_t j : chosen_[static_cast<int>(f)]) {
      std::optional<size_t> pick;
      for (size_t b : BestDateFormats(stats_[j])) {
        const Order o = formats[b].order;
        if (o == Order::kNone || (o == Order::kDayFirst) == day_first) {
          pick = b;
          break;
        }
      }
      if (!pick) pick = formats.size() - 1;  // no data rows: any format does; none is ever read
      if (data_rows_ == 0) continue;
      const DateFormat& format = formats[*pick].format;
      const bool known = std::any_of(p.date_formats.begin(), p.date_formats.end(),
                                     [&](const DateFormat& d) { return d.pattern() == format.pattern(); });
      if (!known) p.date_formats.push_back(format);
      summary_.push_back(std::string(FieldName(f)) + " " + Name(j) + " as " + format.pattern());
    }
  }
  if (p.date_formats.empty()) p.date_formats.push_back(formats[0].format);
  const ColumnRef booking = Index(chosen_[static_cast<int>(Field::kBookingDate)][0], "booking_date");
  p.columns.booking_date = booking;
  if (!chosen_[static_cast<int>(Field::kValueDate)].empty()) {
    p.columns.value_date = Index(chosen_[static_cast<int>(Field::kValueDate)][0], "value_date");
  }
  return Status::Ok();
}

Status Detector::DecideNumbers(Profile& p) {
  size_t point = 0, comma = 0, differ = 0;
  const Example *point_example = nullptr, *comma_example = nullptr, *differ_example = nullptr;
  bool space = false, apostrophe = false;
  for (Field f : {Field::kAmount, Field::kDebit, Field::kCredit, Field::kBalance}) {
    for (size_t j : chosen_[static_cast<int>(f)]) {
      const ColumnStats& s = stats_[j];
      point += s.point_only;
      comma += s.comma_only;
      differ += s.differ;
      if (s.point_example.set() && !point_example) point_example = &s.point_example;
      if (s.comma_example.set() && !comma_example) comma_example = &s.comma_example;
      if (s.differ_example.set() && !differ_example) differ_example = &s.differ_example;
      space |= s.group_space;
      apostrophe |= s.group_apostrophe;
    }
  }
  if (point > 0 && comma > 0) {
    return Refuse(ErrorCode::kMalformedFile,
                  "found amounts with a decimal point ('" + point_example->text + "', line " +
                      std::to_string(point_example->line) + ") and amounts with a decimal comma ('" +
                      comma_example->text + "', line " + std::to_string(comma_example->line) + ")",
                  LineLocation(comma_example->line));
  }
  if (point == 0 && comma == 0 && differ > 0) {
    return Refuse(ErrorCode::kMalformedFile,
                  "could not tell whether '" + differ_example->text + "' (line " +
                      std::to_string(differ_example->line) +
                      ") uses its separator as a decimal point or between thousands, and no other amount settles it",
                  LineLocation(differ_example->line));
  }
  if (space && apostrophe) {
    return Refuse(ErrorCode::kMalformedFile, "found amounts grouped by spaces and amounts grouped by apostrophes",
                  LineLocation(structure_.header_line));
  }
  // Only plain digits (no separator anywhere) read the same either way: the point is as good as any.
  p.number.decimal = comma > 0 ? ',' : '.';
  p.number.thousands = space ? ' ' : apostrophe ? '\'' : (comma > 0 ? '.' : ',');
  summary_.push_back(DescribeStyle(p.number));
  return Status::Ok();
}

void Detector::MapText(Profile& p) {
  auto one = [&](Field f, ColumnRef& ref, std::string_view field) {
    const auto& columns = chosen_[static_cast<int>(f)];
    if (columns.empty()) return;
    ref = Index(columns[0], field);
    summary_.push_back(std::string(FieldName(f)) + " " + Name(columns[0]));
  };
  one(Field::kBalance, p.columns.balance, "balance");
  one(Field::kAccount, p.columns.account, "account");
  one(Field::kCounterpartyName, p.columns.counterparty_name.any, "counterparty_name");
  one(Field::kCounterpartyAccount, p.columns.counterparty_account.any, "counterparty_account");
  one(Field::kCounterpartyBic, p.columns.counterparty_bic.any, "counterparty_bic");
  one(Field::kEndToEndId, p.columns.end_to_end_id, "end_to_end_id");
  one(Field::kStructuredReference, p.columns.structured_reference, "structured_reference");
  one(Field::kBankReference, p.columns.bank_reference, "bank_reference");
  one(Field::kBankTransactionCode, p.columns.bank_transaction_code, "bank_transaction_code");
  for (size_t j : chosen_[static_cast<int>(Field::kRemittance)]) {
    p.columns.remittance.push_back(Index(j, "remittance"));
    summary_.push_back("remittance " + Name(j));
  }
  if (!p.columns.account.set()) {
    // Exports without an account column often name it above the header: "IBAN;DE12 ...".
    for (const auto& [key, value] : preamble_) {
      const std::string folded = FoldLoose(key);
      if (value.empty() || (folded != "iban" && !SynonymRank(Field::kAccount, folded))) continue;
      p.columns.account.kind = ColumnRef::Kind::kPreamble;
      p.columns.account.value = key;
      p.columns.account.field = "columns.account";
      summary_.push_back("account from the row '" + Excerpt(key, 40) + "' above the header");
      break;
    }
  }
}

Result<Profile> Detector::Run(std::vector<std::string>& notes) {
  auto structure = SniffStructure(text_);
  if (!structure) return structure.take_error();
  structure_ = *structure;
  if (Status s = ReadHeaderAndStats(); !s) return s.error();
  if (Status s = Assign(); !s) return s.error();
  if (chosen_[static_cast<int>(Field::kBookingDate)].empty()) {
    return Refuse(ErrorCode::kMalformedFile,
                  "found no booking date column (looked for headers such as " +
                      std::string(SynonymExamples(Field::kBookingDate)) + " with dates below them)",
                  LineLocation(structure_.header_line));
  }
  Profile p;
  p.name = "auto";
  p.encoding = encoding_;
  p.delimiters = {structure_.delimiter};
  p.quote = '"';
  p.header = HeaderMode::kFirst;
  p.skip_rows = structure_.skip_rows;
  p.skip_trailing_non_data_rows = true;
  p.row_order = RowOrder::kDetect;
  if (Status s = DecideAmount(p); !s) return s.error();
  if (Status s = DecideCurrency(p); !s) return s.error();
  if (Status s = DecideDates(p); !s) return s.error();
  if (Status s = DecideNumbers(p); !s) return s.error();
  MapText(p);

  const char d = structure_.delimiter;
  std::string note = "read in automatic mode: " + (d == '\t' ? std::string("tab") : std::string("'") + d + "'") +
                     "-separated " + std::string(EncodingName(encoding_)) + ", header on line " +
                     std::to_string(structure_.header_line);
  for (const std::string& s : summary_) note += "; " + s;
  notes.push_back(note + ". Name a CSV profile to fix these choices.");
  return p;
}

}  // namespace

Result<Profile> DetectProfile(std::string_view text, Encoding encoding, std::vector<std::string>& notes) {
  Detector detector(text, encoding);
  return detector.Run(notes);
}

}  // namespace recon::csv
