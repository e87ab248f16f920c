// Profile JSON -> Profile. Every field is checked here, once, so that the mapper can trust
// the Profile; each refusal names the field. nlohmann_json throws on bad JSON: caught here.
#include "parsers/csv/profile.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>

#include "parsers/csv/reader.hpp"
#include "parsers/csv/text.hpp"
#include "recon/money.hpp"

namespace recon::csv {
namespace {

using Json = nlohmann::json;

// Which forms a column reference may take for a given field.
enum Allow : unsigned {
  kAllowHeader = 1,
  kAllowIndex = 2,
  kAllowValue = 4,
  kAllowPreamble = 8,
  kAllowToEnd = 16,
  kAllowOptional = 32,
  kAllowSided = 64,
};
constexpr unsigned kColumn = kAllowHeader | kAllowIndex;
constexpr unsigned kOptionalColumn = kColumn | kAllowOptional;

// A value for a message. Lists and objects are named, not printed: dumping them recurses
// as deep as they nest.
std::string Show(const Json& j) {
  if (j.is_array()) return "a list";
  if (j.is_object()) return "an object";
  return Excerpt(j.dump(-1, ' ', false, Json::error_handler_t::replace), 40);
}

class ProfileReader {
 public:
  explicit ProfileReader(std::string_view name) : name_(SanitizeUtf8(name)) {}

  Error Fail(const std::string& field, const std::string& why) const {
    return MakeError(ErrorCode::kInvalidRequest, "CSV profile '" + name_ + "': " + field + " " + why, field);
  }

  Status CheckKeys(const Json& object, const std::string& where, std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        const std::string field = where.empty() ? key : where + "." + key;
        return Fail(field, "is not a field this profile schema knows (see config/csv-profiles/README.md)");
      }
    }
    return Status::Ok();
  }

  // A string-valued choice among `choices`; `fallback` when the key is absent and not required.
  Result<std::string> Choice(const Json& object, const std::string& key, std::initializer_list<std::string_view> choices,
                             std::optional<std::string_view> fallback) const {
    if (!object.contains(key)) {
      if (fallback) return std::string(*fallback);
      return Fail(key, "is required");
    }
    const Json& j = object.at(key);
    std::string list;
    for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + Json(std::string(c)).dump();
    if (!j.is_string() || std::find(choices.begin(), choices.end(), j.get<std::string>()) == choices.end()) {
      return Fail(key, "must be one of " + list + " (got " + Show(j) + ")");
    }
    return j.get<std::string>();
  }

  Result<bool> Flag(const Json& object, const std::string& key, const std::string& where = "") const {
    if (!object.contains(key)) return false;
    const Json& j = object.at(key);
    if (!j.is_boolean()) return Fail(where.empty() ? key : where + "." + key, "must be true or false (got " + Show(j) + ")");
    return j.get<bool>();
  }

  Result<size_t> Count(const Json& object, const std::string& key, size_t max) const {
    if (!object.contains(key)) return size_t{0};
    const Json& j = object.at(key);
    if (!j.is_number_unsigned() || j.get<uint64_t>() > max) {
      return Fail(key, "must be a whole number from 0 to " + std::to_string(max) + " (got " + Show(j) + ")");
    }
    return static_cast<size_t>(j.get<uint64_t>());
  }

  Result<ColumnRef> Column(const Json& j, const std::string& field, unsigned allow) const;
  Result<SidedRef> Sided(const Json& j, const std::string& field) const;
  Result<Indicator> ReadIndicator(const Json& j) const;
  Result<std::vector<std::string>> Values(const Json& j, const std::string& field) const;
  Status ReadColumns(const Json& root, Profile& p) const;
  Status ReadDialect(const Json& root, Profile& p) const;
  Status ReadRows(const Json& root, Profile& p) const;
  Status CheckColumns(const Json& root, const Profile& p) const;

 private:
  std::string name_;
};

std::string Forms(unsigned allow) {
  std::string out;
  auto add = [&](const char* form) { out += (out.empty() ? "" : ", ") + std::string(form); };
  if (allow & kAllowHeader) add("a header name, {\"header\": [names...]}");
  if (allow & kAllowIndex) add("a 0-based column index, {\"index\": N}");
  if (allow & kAllowValue) add("{\"value\": TEXT}");
  if (allow & kAllowPreamble) add("{\"preamble\": NAME}");
  if (allow & kAllowSided) add("{\"credit\": COLUMN, \"debit\": COLUMN}");
  return out;
}

Result<ColumnRef> ProfileReader::Column(const Json& j, const std::string& field, unsigned allow) const {
  ColumnRef ref;
  ref.field = field;
  auto header_names = [&](const Json& names) -> Status {
    if (names.is_string()) {
      if (names.get<std::string>().empty()) return Fail(field, "has an empty header name");
      ref.names.push_back(names.get<std::string>());
      return Status::Ok();
    }
    if (!names.is_array() || names.empty() || names.size() > kAliasesMax) {
      return Fail(field, "header must be a name or a list of 1 to " + std::to_string(kAliasesMax) + " names");
    }
    for (const Json& n : names) {
      if (!n.is_string() || n.get<std::string>().empty()) return Fail(field, "header names must be non-empty strings");
      ref.names.push_back(n.get<std::string>());
    }
    return Status::Ok();
  };
  const std::string wrong = "must be " + Forms(allow) + " (got " + Show(j) + ")";
  if (j.is_string() && (allow & kAllowHeader)) {
    ref.kind = ColumnRef::Kind::kHeader;
    if (Status s = header_names(j); !s) return s.error();
    return ref;
  }
  if (j.is_number_unsigned() && (allow & kAllowIndex)) {
    if (j.get<uint64_t>() >= kFieldsPerRowMax) return Fail(field, "index is beyond the last possible column");
    ref.kind = ColumnRef::Kind::kIndex;
    ref.index = static_cast<size_t>(j.get<uint64_t>());
    return ref;
  }
  if (!j.is_object()) return Fail(field, wrong);
  if (Status s = CheckKeys(j, field, {"header", "index", "value", "preamble", "occurrence", "optional", "to_end"}); !s) {
    return s.error();
  }
  const int forms = static_cast<int>(j.contains("header")) + static_cast<int>(j.contains("index")) +
                    static_cast<int>(j.contains("value")) + static_cast<int>(j.contains("preamble"));
  if (forms != 1) return Fail(field, "must have exactly one of header, index, value or preamble");
  if (j.contains("header") && (allow & kAllowHeader)) {
    ref.kind = ColumnRef::Kind::kHeader;
    if (Status s = header_names(j.at("header")); !s) return s.error();
  } else if (j.contains("index") && (allow & kAllowIndex)) {
    const Json& index = j.at("index");
    if (!index.is_number_unsigned() || index.get<uint64_t>() >= kFieldsPerRowMax) {
      return Fail(field, "index must be a 0-based column number below " + std::to_string(kFieldsPerRowMax));
    }
    ref.kind = ColumnRef::Kind::kIndex;
    ref.index = static_cast<size_t>(index.get<uint64_t>());
  } else if (j.contains("value") && (allow & kAllowValue)) {
    if (!j.at("value").is_string() || j.at("value").get<std::string>().empty()) {
      return Fail(field, "value must be a non-empty string");
    }
    ref.kind = ColumnRef::Kind::kValue;
    ref.value = j.at("value").get<std::string>();
  } else if (j.contains("preamble") && (allow & kAllowPreamble)) {
    if (!j.at("preamble").is_string() || j.at("preamble").get<std::string>().empty()) {
      return Fail(field, "preamble must be the non-empty first cell of a row before the header");
    }
    ref.kind = ColumnRef::Kind::kPreamble;
    ref.value = j.at("preamble").get<std::string>();
  } else {
    return Fail(field, wrong);
  }
  if (j.contains("occurrence")) {
    auto occurrence = Choice(j, "occurrence", {"first", "last"}, std::nullopt);
    if (!occurrence) return Fail(field + ".occurrence", "must be \"first\" or \"last\"");
    if (ref.kind != ColumnRef::Kind::kHeader) return Fail(field + ".occurrence", "applies to header names only");
    ref.occurrence = *occurrence == "last" ? ColumnRef::Occurrence::kLast : ColumnRef::Occurrence::kFirst;
  }
  auto optional = Flag(j, "optional", field);
  if (!optional) return optional.take_error();
  ref.optional = *optional;
  if (ref.optional && (!(allow & kAllowOptional) || ref.kind != ColumnRef::Kind::kHeader)) {
    return Fail(field + ".optional", "is allowed only on header names of fields a line can do without");
  }
  auto to_end = Flag(j, "to_end", field);
  if (!to_end) return to_end.take_error();
  ref.to_end = *to_end;
  if (ref.to_end && !(allow & kAllowToEnd)) return Fail(field + ".to_end", "is allowed in remittance only");
  return ref;
}

Result<SidedRef> ProfileReader::Sided(const Json& j, const std::string& field) const {
  SidedRef sided;
  if (j.is_object() && (j.contains("credit") || j.contains("debit"))) {
    if (Status s = CheckKeys(j, field, {"credit", "debit"}); !s) return s.error();
    if (!j.contains("credit") || !j.contains("debit")) return Fail(field, "needs both credit and debit columns");
    auto credit = Column(j.at("credit"), field + ".credit", kOptionalColumn);
    if (!credit) return credit.take_error();
    auto debit = Column(j.at("debit"), field + ".debit", kOptionalColumn);
    if (!debit) return debit.take_error();
    sided.credit = std::move(*credit);
    sided.debit = std::move(*debit);
    return sided;
  }
  auto any = Column(j, field, kOptionalColumn | kAllowSided);
  if (!any) return any.take_error();
  sided.any = std::move(*any);
  return sided;
}

Result<std::vector<std::string>> ProfileReader::Values(const Json& j, const std::string& field) const {
  std::vector<std::string> out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_array() && !j.empty() && j.size() <= kIndicatorValuesMax) {
    for (const Json& v : j) {
      if (!v.is_string()) return Fail(field, "must list strings");
      out.push_back(v.get<std::string>());
    }
  } else {
    return Fail(field, "must be a value or a list of 1 to " + std::to_string(kIndicatorValuesMax) + " values");
  }
  for (const std::string& v : out) {
    if (Trim(v).empty()) return Fail(field, "has an empty value");
  }
  return out;
}

Result<Indicator> ProfileReader::ReadIndicator(const Json& j) const {
  const std::string field = "columns.indicator";
  if (!j.is_object()) return Fail(field, "must be {\"column\": COLUMN, \"debit\": [...], \"credit\": [...]}");
  if (Status s = CheckKeys(j, field, {"column", "debit", "credit", "amount_sign"}); !s) return s.error();
  if (!j.contains("column") || !j.contains("debit") || !j.contains("credit")) {
    return Fail(field, "needs column, debit and credit");
  }
  Indicator indicator;
  auto column = Column(j.at("column"), field + ".column", kColumn);
  if (!column) return column.take_error();
  indicator.column = std::move(*column);
  auto debit = Values(j.at("debit"), field + ".debit");
  if (!debit) return debit.take_error();
  auto credit = Values(j.at("credit"), field + ".credit");
  if (!credit) return credit.take_error();
  indicator.debit_display = *debit;
  indicator.credit_display = *credit;
  for (const std::string& v : *debit) indicator.debit_values.push_back(FoldHeader(v));
  for (const std::string& v : *credit) {
    const std::string folded = FoldHeader(v);
    if (std::find(indicator.debit_values.begin(), indicator.debit_values.end(), folded) != indicator.debit_values.end()) {
      return Fail(field, "lists '" + v + "' as both debit and credit");
    }
    indicator.credit_values.push_back(folded);
  }
  auto sign = Choice(j, "amount_sign", {"reject", "ignore"}, "reject");
  if (!sign) return Fail(field + ".amount_sign", "must be \"reject\" or \"ignore\"");
  indicator.ignore_amount_sign = *sign == "ignore";
  return indicator;
}

Status ProfileReader::ReadColumns(const Json& root, Profile& p) const {
  const Json& j = root.at("columns");
  if (!j.is_object()) return Fail("columns", "must be an object mapping line fields to columns");
  if (Status s = CheckKeys(j, "columns",
                           {"booking_date", "value_date", "amount", "debit", "credit", "indicator", "currency",
                            "account", "statement_id", "balance", "counterparty_name", "counterparty_account",
                            "counterparty_bic", "remittance", "end_to_end_id", "bank_reference",
                            "structured_reference", "bank_transaction_code"});
      !s) {
    return s;
  }
  Columns& c = p.columns;
  struct Simple {
    const char* key;
    ColumnRef* ref;
    unsigned allow;
  };
  const Simple simple[] = {
      {"booking_date", &c.booking_date, kColumn},
      {"value_date", &c.value_date, kOptionalColumn},
      {"amount", &c.amount, kColumn},
      {"debit", &c.debit, kColumn},
      {"credit", &c.credit, kColumn},
      {"currency", &c.currency, kOptionalColumn | kAllowValue | kAllowPreamble},
      {"account", &c.account, kOptionalColumn | kAllowValue | kAllowPreamble},
      {"statement_id", &c.statement_id, kOptionalColumn | kAllowValue | kAllowPreamble},
      {"balance", &c.balance, kOptionalColumn},
      {"end_to_end_id", &c.end_to_end_id, kOptionalColumn},
      {"bank_reference", &c.bank_reference, kOptionalColumn},
      {"structured_reference", &c.structured_reference, kOptionalColumn},
      {"bank_transaction_code", &c.bank_transaction_code, kOptionalColumn},
  };
  for (const Simple& s : simple) {
    if (!j.contains(s.key)) continue;
    auto ref = Column(j.at(s.key), std::string("columns.") + s.key, s.allow);
    if (!ref) return ref.take_error();
    *s.ref = std::move(*ref);
  }
  const std::pair<const char*, SidedRef*> sided[] = {{"counterparty_name", &c.counterparty_name},
                                                     {"counterparty_account", &c.counterparty_account},
                                                     {"counterparty_bic", &c.counterparty_bic}};
  for (const auto& [key, ref] : sided) {
    if (!j.contains(key)) continue;
    auto r = Sided(j.at(key), std::string("columns.") + key);
    if (!r) return r.take_error();
    *ref = std::move(*r);
  }
  if (j.contains("remittance")) {
    const Json& r = j.at("remittance");
    std::vector<const Json*> items;
    if (r.is_array()) {
      for (const Json& one : r) items.push_back(&one);
    } else {
      items.push_back(&r);
    }
    if (items.empty() || items.size() > kRemittanceColumnsMax) {
      return Fail("columns.remittance", "must be a column or a list of 1 to " + std::to_string(kRemittanceColumnsMax) +
                                            " columns");
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string field = r.is_array() ? "columns.remittance[" + std::to_string(i) + "]" : "columns.remittance";
      auto ref = Column(*items[i], field, kOptionalColumn | kAllowToEnd);
      if (!ref) return ref.take_error();
      c.remittance.push_back(std::move(*ref));
    }
  }
  if (j.contains("indicator")) {
    auto indicator = ReadIndicator(j.at("indicator"));
    if (!indicator) return indicator.take_error();
    c.indicator = std::move(*indicator);
  }
  return CheckColumns(root, p);
}

// The combinations: one way to the amount, a booking date, a currency; headers only with a header row.
Status ProfileReader::CheckColumns(const Json& root, const Profile& p) const {
  const Columns& c = p.columns;
  if (!c.booking_date.set()) return Fail("columns.booking_date", "is required");
  if (c.indicator) {
    if (!c.amount.set()) return Fail("columns.indicator", "needs columns.amount (the unsigned amount it signs)");
    if (c.debit.set() || c.credit.set()) return Fail("columns.indicator", "cannot be combined with debit and credit columns");
  } else if (c.debit.set() || c.credit.set()) {
    if (!c.debit.set() || !c.credit.set()) return Fail(c.debit.set() ? "columns.credit" : "columns.debit",
                                                       "is required together with the other of debit and credit");
    if (c.amount.set()) return Fail("columns.amount", "cannot be combined with debit and credit columns");
  } else if (!c.amount.set()) {
    return Fail("columns.amount", "is required (or columns.debit and columns.credit, or amount with an indicator)");
  }
  if (!c.currency.set()) {
    return Fail("columns.currency", "is required: a column, or {\"value\": \"EUR\"} when the file has one currency");
  }
  if (c.currency.kind == ColumnRef::Kind::kValue && !Currency::FromCode(UpperAscii(c.currency.value))) {
    return Fail("columns.currency", "value '" + Excerpt(c.currency.value) + "' is not an ISO 4217 currency code");
  }
  if (c.balance.set() && (!root.contains("balance_kind") || !root.contains("row_order"))) {
    return Fail(!root.contains("balance_kind") ? "balance_kind" : "row_order",
                "is required with columns.balance: say whether the balance is after or before each row's amount "
                "(balance_kind) and whether the file lists the oldest or the newest row first (row_order)");
  }
  if (p.header == HeaderMode::kNone) {
    std::vector<const ColumnRef*> all = {&c.booking_date, &c.value_date, &c.amount, &c.debit, &c.credit, &c.currency,
                                         &c.account, &c.statement_id, &c.balance, &c.end_to_end_id, &c.bank_reference,
                                         &c.structured_reference, &c.bank_transaction_code};
    for (const SidedRef* s : {&c.counterparty_name, &c.counterparty_account, &c.counterparty_bic}) {
      all.insert(all.end(), {&s->any, &s->credit, &s->debit});
    }
    for (const ColumnRef& r : c.remittance) all.push_back(&r);
    if (c.indicator) all.push_back(&c.indicator->column);
    for (const ColumnRef* r : all) {
      if (r->kind == ColumnRef::Kind::kHeader) {
        return Fail(r->field, "names a header, but the profile says the file has none (\"header\": \"none\"); "
                              "give the column's 0-based index");
      }
    }
  }
  return Status::Ok();
}

Status ProfileReader::ReadDialect(const Json& root, Profile& p) const {
  auto encoding = Choice(root, "encoding", {"utf-8", "windows-1252", "iso-8859-1"}, std::nullopt);
  if (!encoding) return encoding.take_error();
  p.encoding = *encoding == "utf-8" ? Encoding::kUtf8
               : *encoding == "windows-1252" ? Encoding::kWindows1252 : Encoding::kIso88591;

  if (!root.contains("delimiter")) return Fail("delimiter", "is required: \",\", \";\", \"\\t\" or \"|\"");
  const Json& d = root.at("delimiter");
  // Pointers, not copies: copying a JSON value recurses as deep as it nests.
  std::vector<const Json*> delimiters;
  if (d.is_array()) {
    for (const Json& one : d) delimiters.push_back(&one);
  } else {
    delimiters.push_back(&d);
  }
  if (delimiters.empty() || delimiters.size() > 4) return Fail("delimiter", "must be one to four delimiters");
  p.delimiters.clear();
  for (const Json* one : delimiters) {
    const std::string text = one->is_string() ? one->get<std::string>() : "";
    if (text != "," && text != ";" && text != "\t" && text != "|") {
      return Fail("delimiter", "must be \",\", \";\", \"\\t\" or \"|\", or a list of them (got " + Show(*one) + ")");
    }
    p.delimiters.push_back(text[0]);
  }

  auto quote = Choice(root, "quote", {"\"", "'", ""}, "\"");
  if (!quote) return quote.take_error();
  p.quote = quote->empty() ? '\0' : (*quote)[0];

  auto decimal = Choice(root, "decimal_separator", {",", "."}, std::nullopt);
  if (!decimal) return decimal.take_error();
  p.number.decimal = (*decimal)[0];
  auto thousands = Choice(root, "thousands_separator", {"", ".", ",", " ", "'"}, "");
  if (!thousands) return thousands.take_error();
  p.number.thousands = thousands->empty() ? '\0' : (*thousands)[0];
  if (p.number.thousands == p.number.decimal) {
    return Fail("thousands_separator", "must differ from decimal_separator");
  }

  if (!root.contains("date_formats")) return Fail("date_formats", "is required, e.g. [\"DD.MM.YYYY\"]");
  const Json& formats = root.at("date_formats");
  if (!formats.is_array() || formats.empty() || formats.size() > kDateFormatsMax) {
    return Fail("date_formats", "must be a list of 1 to " + std::to_string(kDateFormatsMax) + " date formats");
  }
  for (const Json& f : formats) {
    if (!f.is_string()) return Fail("date_formats", "must list strings such as \"DD.MM.YYYY\"");
    auto format = DateFormat::Compile(f.get<std::string>());
    if (!format) return Fail("date_formats", "has a bad entry: " + format.error().message);
    for (const DateFormat& earlier : p.date_formats) {
      if (earlier.ConflictsWith(*format)) {
        return Fail("date_formats", "lists '" + earlier.pattern() + "' and '" + format->pattern() +
                                        "', which read the same text as different dates; a profile names one");
      }
    }
    p.date_formats.push_back(std::move(*format));
  }
  return Status::Ok();
}

Status ProfileReader::ReadRows(const Json& root, Profile& p) const {
  auto header = Choice(root, "header", {"first", "locate", "none"}, "first");
  if (!header) return header.take_error();
  p.header = *header == "first" ? HeaderMode::kFirst : *header == "locate" ? HeaderMode::kLocate : HeaderMode::kNone;
  auto skip = Count(root, "skip_rows", kSkipRowsMax);
  if (!skip) return skip.take_error();
  p.skip_rows = *skip;
  auto footer = Count(root, "skip_footer_rows", kSkipRowsMax);
  if (!footer) return footer.take_error();
  p.skip_footer_rows = *footer;
  auto trailing = Flag(root, "skip_trailing_non_data_rows");
  if (!trailing) return trailing.take_error();
  p.skip_trailing_non_data_rows = *trailing;
  auto extra = Flag(root, "allow_extra_fields");
  if (!extra) return extra.take_error();
  p.allow_extra_fields = *extra;
  auto without = Choice(root, "rows_without_amount", {"error", "skip"}, "error");
  if (!without) return without.take_error();
  p.skip_rows_without_amount = *without == "skip";
  auto sign = Choice(root, "amount_sign", {"as_is", "inverted"}, "as_is");
  if (!sign) return sign.take_error();
  p.invert_sign = *sign == "inverted";
  auto kind = Choice(root, "balance_kind", {"after", "before"}, "after");
  if (!kind) return kind.take_error();
  p.balance_kind = *kind == "after" ? BalanceKind::kAfter : BalanceKind::kBefore;
  auto order = Choice(root, "row_order", {"oldest_first", "newest_first"}, "oldest_first");
  if (!order) return order.take_error();
  p.row_order = *order == "oldest_first" ? RowOrder::kOldestFirst : RowOrder::kNewestFirst;
  if (p.delimiters.size() > 1 && p.header == HeaderMode::kNone) {
    return Fail("delimiter", "may list several delimiters only when the file has a header to tell them apart");
  }
  return Status::Ok();
}

}  // namespace

Result<Profile> ParseProfile(std::string_view json_text, std::string_view name) {
  const ProfileReader reader(name);
  if (json_text.size() > kProfileBytesMax) {
    return MakeError(ErrorCode::kLimitExceeded, "CSV profile '" + SanitizeUtf8(name) + "' is larger than " +
                                                    std::to_string(kProfileBytesMax) + " bytes");
  }
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::exception& e) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "CSV profile '" + SanitizeUtf8(name) + "' is not valid JSON: " + SanitizeUtf8(e.what()));
  }
  if (!root.is_object()) return reader.Fail("(top level)", "must be a JSON object");
  if (Status s = reader.CheckKeys(root, "",
                                  {"description", "encoding", "delimiter", "quote", "decimal_separator",
                                   "thousands_separator", "date_formats", "header", "skip_rows", "skip_footer_rows",
                                   "skip_trailing_non_data_rows", "allow_extra_fields", "rows_without_amount",
                                   "amount_sign", "balance_kind", "row_order", "columns"});
      !s) {
    return s.error();
  }
  if (root.contains("description") && !root.at("description").is_string()) {
    return reader.Fail("description", "must be a string");
  }
  Profile p;
  p.name = SanitizeUtf8(name);
  if (Status s = reader.ReadDialect(root, p); !s) return s.error();
  if (Status s = reader.ReadRows(root, p); !s) return s.error();
  if (!root.contains("columns")) return reader.Fail("columns", "is required");
  if (Status s = reader.ReadColumns(root, p); !s) return s.error();
  return p;
}

}  // namespace recon::csv
