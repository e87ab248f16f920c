#include "parsers/csv/layout.hpp"

#include <algorithm>
#include <utility>

#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

// The rows before the header, as (folded first cell, second cell) pairs for {"preamble": NAME}.
using Preamble = std::vector<std::pair<std::string, std::string>>;

void AddPreambleRow(const Row& row, Preamble& preamble) {
  if (row.fields.empty() || ascii::Trim(row.fields[0]).empty()) return;
  preamble.emplace_back(FoldHeader(row.fields[0]),
                        row.fields.size() > 1 ? std::string(ascii::Trim(row.fields[1])) : "");
}


bool HasAnyName(const ColumnRef& ref, const std::vector<std::string>& folded) {
  for (const std::string& name : ref.names) {
    if (std::find(folded.begin(), folded.end(), FoldHeader(name)) != folded.end()) return true;
  }
  return false;
}

// The required header references that `folded` (a candidate header row) lacks.
std::vector<const ColumnRef*> MissingHeaders(const Profile& profile, const std::vector<std::string>& folded) {
  std::vector<const ColumnRef*> missing;
  for (const ColumnRef* ref : AllColumnRefs(profile.columns)) {
    if (ref->kind == ColumnRef::Kind::kHeader && !ref->optional && !HasAnyName(*ref, folded)) missing.push_back(ref);
  }
  return missing;
}

std::string Names(const ColumnRef& ref) {
  std::string out;
  for (const std::string& n : ref.names) out += (out.empty() ? "'" : " or '") + n + "'";
  return out;
}

std::string HeaderList(const std::vector<std::string>& header) {
  std::string out;
  for (const std::string& h : header) {
    if (out.size() > 300) return out + ", ...";
    out += (out.empty() ? "" : ", ") + (h.empty() ? std::string("(empty)") : h);
  }
  return out;
}

struct Located {
  Layout layout;
  Preamble preamble;
};

Error Malformed(std::string message, std::string location) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

Status SetHeader(const Row& row, Layout& layout) {
  layout.header_line = row.line;
  layout.header.clear();
  for (std::string_view f : row.fields) layout.header.emplace_back(ascii::Trim(f));
  size_t width = layout.header.size();
  while (width > 0 && layout.header[width - 1].empty()) --width;
  layout.width = width;
  return Status::Ok();
}

std::vector<std::string> Folded(const Row& row) {
  std::vector<std::string> out;
  out.reserve(row.fields.size());
  for (std::string_view f : row.fields) out.push_back(FoldHeader(f));
  return out;
}

// Reads the preamble and the header with one delimiter.
Result<Located> Locate(std::string_view text, const Profile& profile, char delimiter) {
  Located out{Layout{Reader(text, Dialect{delimiter, profile.quote}), delimiter, {}, 0, 0, {}}, {}};
  Reader& reader = out.layout.reader;
  Row row;
  for (size_t skipped = 0; skipped < profile.skip_rows; ++skipped) {
    auto more = reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) {
      return Malformed("the file ends after " + std::to_string(skipped) + " rows, but the profile skips " +
                           std::to_string(profile.skip_rows) + " rows before " +
                           (profile.header == HeaderMode::kNone ? "the data" : "the header"),
                       LineLocation(std::max<size_t>(row.line, 1)));
    }
    AddPreambleRow(row, out.preamble);
  }
  if (profile.header == HeaderMode::kNone) return out;

  const size_t rows_max = profile.header == HeaderMode::kLocate ? kHeaderSearchRowsMax : 1;
  std::vector<const ColumnRef*> first_missing;
  size_t first_line = 0;
  std::vector<std::string> first_header;
  for (size_t seen = 0; seen < rows_max;) {
    auto more = reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) break;
    if (IsBlankRow(row.fields)) continue;
    ++seen;
    const std::vector<std::string> folded = Folded(row);
    std::vector<const ColumnRef*> missing = MissingHeaders(profile, folded);
    if (missing.empty()) {
      (void)SetHeader(row, out.layout);
      return out;
    }
    if (first_line == 0) {
      first_missing = std::move(missing);
      first_line = row.line;
      for (std::string_view f : row.fields) first_header.emplace_back(ascii::Trim(f));
    }
    AddPreambleRow(row, out.preamble);
  }
  if (first_line == 0) {
    return Malformed("the file ends before its header row", LineLocation(std::max<size_t>(row.line, 1)));
  }
  const ColumnRef& missing = *first_missing.front();
  if (profile.header == HeaderMode::kLocate) {
    return Malformed("no row among the first " + std::to_string(kHeaderSearchRowsMax) +
                         " (after the skipped rows) has every header name the profile needs; the first of them lacks " +
                         Names(missing) + " (" + missing.field + ")",
                     LineLocation(first_line));
  }
  return Malformed("the header has no column named " + Names(missing) + " (" + missing.field +
                       "); it reads: " + HeaderList(first_header),
                   LineLocation(first_line));
}

class Binder {
 public:
  Binder(const Profile& profile, const Layout& layout, const Preamble& preamble)
      : profile_(profile), layout_(layout), preamble_(preamble) {
    for (const std::string& h : layout.header) folded_.push_back(FoldHeader(h));
  }

  Result<Bound> Bind(const ColumnRef& ref) const {
    Bound b;
    switch (ref.kind) {
      case ColumnRef::Kind::kUnset:
        return b;
      case ColumnRef::Kind::kValue:
        b.kind = Bound::Kind::kFixed;
        b.fixed = ref.value;
        return b;
      case ColumnRef::Kind::kPreamble:
        return BindPreamble(ref);
      case ColumnRef::Kind::kIndex:
        if (layout_.width > 0 && ref.index >= layout_.width && !profile_.allow_extra_fields) {
          return Malformed(ref.field + " is column index " + std::to_string(ref.index) +
                               ", but the header names only " + std::to_string(layout_.width) + " columns",
                           LineLocation(layout_.header_line));
        }
        b.kind = Bound::Kind::kColumn;
        b.index = ref.index;
        b.to_end = ref.to_end;
        return b;
      case ColumnRef::Kind::kHeader:
        return BindHeader(ref);
    }
    return b;
  }

  Result<SidedBound> Bind(const SidedRef& ref) const {
    SidedBound b;
    for (auto [from, to] : {std::pair{&ref.any, &b.any}, {&ref.credit, &b.credit}, {&ref.debit, &b.debit}}) {
      auto bound = Bind(*from);
      if (!bound) return bound.take_error();
      *to = std::move(*bound);
    }
    return b;
  }

 private:
  // The column of the first of the reference's names that the header has: the names are
  // aliases in order of preference (Adyen writes both "Booking Date" and "Creation Date").
  // One name in two columns is refused unless the profile says which ("occurrence").
  Result<Bound> BindHeader(const ColumnRef& ref) const {
    Bound b;
    for (const std::string& name : ref.names) {
      const std::string folded = FoldHeader(name);
      std::vector<size_t> hits;
      for (size_t i = 0; i < folded_.size(); ++i) {
        if (folded_[i] == folded) hits.push_back(i);
      }
      if (hits.empty()) continue;
      if (hits.size() > 1 && ref.occurrence == ColumnRef::Occurrence::kOnly) {
        return Malformed("the header names '" + name + "' in columns " + std::to_string(hits[0] + 1) + " and " +
                             std::to_string(hits[1] + 1) + "; the profile must say which " + ref.field +
                             " means (\"occurrence\": \"first\" or \"last\")",
                         LineLocation(layout_.header_line));
      }
      b.kind = Bound::Kind::kColumn;
      b.index = ref.occurrence == ColumnRef::Occurrence::kLast ? hits.back() : hits.front();
      b.to_end = ref.to_end;
      return b;
    }
    if (ref.optional) return b;
    return Malformed("the header has no column named " + Names(ref) + " (" + ref.field +
                         "); it reads: " + HeaderList(layout_.header),
                     LineLocation(layout_.header_line));
  }

  Result<Bound> BindPreamble(const ColumnRef& ref) const {
    const std::string key = FoldHeader(ref.value);
    for (const auto& [first, second] : preamble_) {
      if (first != key) continue;
      if (second.empty()) {
        return Malformed("the preamble row '" + ref.value + "' has no value in its second cell (" + ref.field + ")",
                         LineLocation(layout_.header_line));
      }
      Bound b;
      b.kind = Bound::Kind::kFixed;
      b.fixed = second;
      return b;
    }
    return Malformed("no row before the " + std::string(layout_.header_line ? "header" : "data") + " starts with '" +
                         ref.value + "' (" + ref.field + ")",
                     LineLocation(layout_.header_line ? layout_.header_line : 1));
  }

  const Profile& profile_;
  const Layout& layout_;
  const Preamble& preamble_;
  std::vector<std::string> folded_;
};

// The columns that hold money (amount, debit, credit, the indicator that signs them, the
// balance, the original amount, the charges) must be different columns: one column read
// as two of them (amount and balance both "Saldo") would book one number as another.
Status CheckMoneyColumnsDistinct(const Layout& layout) {
  const Binding& b = layout.binding;
  std::vector<std::pair<const Bound*, std::string>> money = {
      {&b.amount, "columns.amount"},
      {&b.debit, "columns.debit"},
      {&b.credit, "columns.credit"},
      {&b.indicator, "columns.indicator"},
      {&b.balance, "columns.balance"},
      {&b.original_amount, "columns.original_amount"},
      {&b.original_debit, "columns.original_amount.debit"},
      {&b.original_credit, "columns.original_amount.credit"}};
  for (size_t i = 0; i < b.charges.size(); ++i) money.emplace_back(&b.charges[i], "columns.charges[" + std::to_string(i) + "]");
  for (size_t i = 0; i < money.size(); ++i) {
    if (money[i].first->kind != Bound::Kind::kColumn) continue;
    for (size_t j = i + 1; j < money.size(); ++j) {
      if (money[j].first->kind != Bound::Kind::kColumn || money[j].first->index != money[i].first->index) continue;
      const size_t column = money[i].first->index;
      const std::string header = column < layout.header.size() ? " ('" + layout.header[column] + "')" : "";
      return Malformed(money[i].second + " and " + money[j].second + " both read column " +
                           std::to_string(column + 1) + header +
                           "; a column holds one kind of money, so the profile must name two different columns",
                       LineLocation(std::max<size_t>(layout.header_line, 1)));
    }
  }
  return Status::Ok();
}

Status BindAll(const Profile& profile, const Preamble& preamble, Layout& layout) {
  const Binder binder(profile, layout, preamble);
  const Columns& c = profile.columns;
  Binding& b = layout.binding;
  const std::pair<const ColumnRef*, Bound*> simple[] = {{&c.booking_date, &b.booking_date},
                                                        {&c.value_date, &b.value_date},
                                                        {&c.amount, &b.amount},
                                                        {&c.debit, &b.debit},
                                                        {&c.credit, &b.credit},
                                                        {&c.currency, &b.currency},
                                                        {&c.account, &b.account},
                                                        {&c.statement_id, &b.statement_id},
                                                        {&c.balance, &b.balance},
                                                        {&c.end_to_end_id, &b.end_to_end_id},
                                                        {&c.bank_reference, &b.bank_reference},
                                                        {&c.structured_reference, &b.structured_reference},
                                                        {&c.bank_transaction_code, &b.bank_transaction_code},
                                                        {&c.original_amount, &b.original_amount},
                                                        {&c.original_debit, &b.original_debit},
                                                        {&c.original_credit, &b.original_credit},
                                                        {&c.original_currency, &b.original_currency},
                                                        {&c.exchange_rate, &b.exchange_rate},
                                                        {&c.charges_currency, &b.charges_currency},
                                                        {&c.check_number, &b.check_number},
                                                        {&c.customer_reference, &b.customer_reference},
                                                        {&c.mandate_id, &b.mandate_id},
                                                        {&c.ultimate_debtor, &b.ultimate_debtor},
                                                        {&c.ultimate_creditor, &b.ultimate_creditor}};
  for (const auto& [ref, bound] : simple) {
    auto r = binder.Bind(*ref);
    if (!r) return r.take_error();
    *bound = std::move(*r);
  }
  if (c.indicator) {
    auto r = binder.Bind(c.indicator->column);
    if (!r) return r.take_error();
    b.indicator = std::move(*r);
  }
  const std::pair<const SidedRef*, SidedBound*> sided[] = {{&c.counterparty_name, &b.counterparty_name},
                                                           {&c.counterparty_account, &b.counterparty_account},
                                                           {&c.counterparty_bic, &b.counterparty_bic}};
  for (const auto& [ref, bound] : sided) {
    auto r = binder.Bind(*ref);
    if (!r) return r.take_error();
    *bound = std::move(*r);
  }
  for (const ColumnRef& ref : c.remittance) {
    auto r = binder.Bind(ref);
    if (!r) return r.take_error();
    if (r->present()) b.remittance.push_back(std::move(*r));
  }
  for (const ColumnRef& ref : c.charges) {
    auto r = binder.Bind(ref);
    if (!r) return r.take_error();
    if (r->present()) b.charges.push_back(std::move(*r));
  }
  return CheckMoneyColumnsDistinct(layout);
}

}  // namespace

Result<Layout> LocateAndBind(std::string_view text, const Profile& profile) {
  std::optional<Error> first_error;
  for (char delimiter : profile.delimiters) {
    auto located = Locate(text, profile, delimiter);
    if (!located) {
      // With several delimiters, a wrong one fails to find the header: try the next.
      if (!first_error) first_error = located.take_error();
      continue;
    }
    if (Status s = BindAll(profile, located->preamble, located->layout); !s) return s.error();
    return std::move(located->layout);
  }
  return std::move(*first_error);
}

}  // namespace recon::csv
