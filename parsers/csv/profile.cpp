// Profile JSON -> Profile. Every field is checked here, once, so that the mapper can trust
// the Profile; each refusal names the field. nlohmann_json throws on bad JSON: caught here.
#include "parsers/csv/profile.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "parsers/csv/profile_reader.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"
#include "recon/json.hpp"
#include "recon/money.hpp"

namespace recon::csv {
namespace profile_json {

Error ProfileReader::Fail(const std::string& field, const std::string& why) const {
  return MakeError(ErrorCode::kInvalidRequest, "CSV profile '" + name_ + "': " + field + " " + why, field);
}

Status ProfileReader::CheckKeys(const Json& object, const std::string& where,
                                std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      const std::string field = where.empty() ? key : where + "." + key;
      return Fail(field, "is not a field this profile schema knows (see config/csv-profiles/README.md)");
    }
  }
  return Status::Ok();
}

Result<std::string> ProfileReader::Choice(const Json& object, const std::string& key,
                                          std::initializer_list<std::string_view> choices,
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

Result<bool> ProfileReader::Flag(const Json& object, const std::string& key, const std::string& where) const {
  if (!object.contains(key)) return false;
  const Json& j = object.at(key);
  if (!j.is_boolean())
    return Fail(where.empty() ? key : where + "." + key, "must be true or false (got " + Show(j) + ")");
  return j.get<bool>();
}

Result<size_t> ProfileReader::Count(const Json& object, const std::string& key, size_t max) const {
  if (!object.contains(key)) return size_t{0};
  const Json& j = object.at(key);
  if (!j.is_number_unsigned() || j.get<uint64_t>() > max) {
    return Fail(key, "must be a whole number from 0 to " + std::to_string(max) + " (got " + Show(j) + ")");
  }
  return static_cast<size_t>(j.get<uint64_t>());
}

Status ProfileReader::ColumnList(const Json& j, const std::string& field, size_t max, unsigned allow,
                                 std::vector<ColumnRef>& out) const {
  std::vector<const Json*> items;
  if (j.is_array()) {
    for (const Json& one : j) items.push_back(&one);
  } else {
    items.push_back(&j);
  }
  if (items.empty() || items.size() > max) {
    return Fail(field, "must be a column or a list of 1 to " + std::to_string(max) + " columns");
  }
  for (size_t i = 0; i < items.size(); ++i) {
    auto ref = Column(*items[i], j.is_array() ? field + "[" + std::to_string(i) + "]" : field, allow);
    if (!ref) return ref.take_error();
    out.push_back(std::move(*ref));
  }
  return Status::Ok();
}

// One signed column, or {"debit": COLUMN, "credit": COLUMN} like the line's own amount.
Status ProfileReader::OriginalAmount(const Json& j, Columns& c) const {
  const std::string field = "columns.original_amount";
  if (j.is_object() && (j.contains("debit") || j.contains("credit"))) {
    if (Status s = CheckKeys(j, field, {"debit", "credit"}); !s) return s;
    if (!j.contains("debit") || !j.contains("credit")) return Fail(field, "needs both debit and credit columns");
    auto debit = Column(j.at("debit"), field + ".debit", kOptionalColumn);
    if (!debit) return debit.take_error();
    auto credit = Column(j.at("credit"), field + ".credit", kOptionalColumn);
    if (!credit) return credit.take_error();
    c.original_debit = std::move(*debit);
    c.original_credit = std::move(*credit);
    return Status::Ok();
  }
  auto any = Column(j, field, kOptionalColumn);
  if (!any) return any.take_error();
  c.original_amount = std::move(*any);
  return Status::Ok();
}

Status ProfileReader::ReadColumns(const Json& root, Profile& p) const {
  const Json& j = root.at("columns");
  if (!j.is_object()) return Fail("columns", "must be an object mapping line fields to columns");
  if (Status s =
          CheckKeys(j, "columns",
                    {"booking_date", "value_date", "amount", "debit", "credit", "indicator", "currency", "account",
                     "statement_id", "balance", "counterparty_name", "counterparty_account", "counterparty_bic",
                     "remittance", "end_to_end_id", "bank_reference", "structured_reference", "bank_transaction_code",
                     "original_amount", "original_currency", "exchange_rate", "charges", "charges_currency",
                     "check_number", "customer_reference", "mandate_id", "ultimate_debtor", "ultimate_creditor"});
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
      {"original_currency", &c.original_currency, kOptionalColumn | kAllowValue | kAllowPreamble},
      {"exchange_rate", &c.exchange_rate, kOptionalColumn},
      {"charges_currency", &c.charges_currency, kOptionalColumn | kAllowValue | kAllowPreamble},
      {"check_number", &c.check_number, kOptionalColumn},
      {"customer_reference", &c.customer_reference, kOptionalColumn},
      {"mandate_id", &c.mandate_id, kOptionalColumn},
      {"ultimate_debtor", &c.ultimate_debtor, kOptionalColumn},
      {"ultimate_creditor", &c.ultimate_creditor, kOptionalColumn},
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
    if (Status s = ColumnList(j.at("remittance"), "columns.remittance", kRemittanceColumnsMax,
                              kOptionalColumn | kAllowToEnd, c.remittance);
        !s) {
      return s;
    }
  }
  if (j.contains("charges")) {
    if (Status s = ColumnList(j.at("charges"), "columns.charges", kChargesColumnsMax, kOptionalColumn, c.charges); !s) {
      return s;
    }
  }
  if (j.contains("original_amount")) {
    if (Status s = OriginalAmount(j.at("original_amount"), c); !s) return s;
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
    if (c.debit.set() || c.credit.set())
      return Fail("columns.indicator", "cannot be combined with debit and credit columns");
  } else if (c.debit.set() || c.credit.set()) {
    if (!c.debit.set() || !c.credit.set())
      return Fail(c.debit.set() ? "columns.credit" : "columns.debit",
                  "is required together with the other of debit and credit");
    if (c.amount.set()) return Fail("columns.amount", "cannot be combined with debit and credit columns");
  } else if (!c.amount.set()) {
    return Fail("columns.amount", "is required (or columns.debit and columns.credit, or amount with an indicator)");
  }
  if (!c.currency.set()) {
    return Fail("columns.currency", "is required: a column, or {\"value\": \"EUR\"} when the file has one currency");
  }
  if (c.currency.kind == ColumnRef::Kind::kValue && !Currency::FromCode(ascii::Uppercased(c.currency.value))) {
    return Fail("columns.currency", "value '" + Excerpt(c.currency.value) + "' is not an ISO 4217 currency code");
  }
  if ((c.original_amount.set() || c.original_debit.set()) && !c.original_currency.set()) {
    return Fail("columns.original_currency",
                "is required with columns.original_amount: a column, or {\"value\": \"USD\"} when every "
                "original amount is in one currency");
  }
  if (c.charges_currency.set() && c.charges.empty()) {
    return Fail("columns.charges_currency", "needs columns.charges (the amounts it is the currency of)");
  }
  for (const ColumnRef* code : {&c.original_currency, &c.charges_currency}) {
    if (code->kind == ColumnRef::Kind::kValue && !Currency::FromCode(ascii::Uppercased(code->value))) {
      return Fail(code->field, "value '" + Excerpt(code->value) + "' is not an ISO 4217 currency code");
    }
  }
  if (root.contains("charges_sign") && c.charges.empty()) {
    return Fail("charges_sign", "needs columns.charges (the columns whose sign it states)");
  }
  if (c.balance.set() && (!root.contains("balance_kind") || !root.contains("row_order"))) {
    return Fail(!root.contains("balance_kind") ? "balance_kind" : "row_order",
                "is required with columns.balance: say whether the balance is after or before each row's amount "
                "(balance_kind) and whether the file lists the oldest or the newest row first (row_order)");
  }
  if (p.header == HeaderMode::kNone) {
    const std::vector<const ColumnRef*> all = AllColumnRefs(c);
    for (const ColumnRef* r : all) {
      if (r->kind == ColumnRef::Kind::kHeader) {
        return Fail(r->field,
                    "names a header, but the profile says the file has none (\"header\": \"none\"); "
                    "give the column's 0-based index");
      }
    }
  }
  return Status::Ok();
}

Status ProfileReader::ReadDialect(const Json& root, Profile& p) const {
  auto encoding = Choice(root, "encoding", {"utf-8", "windows-1252", "iso-8859-1"}, std::nullopt);
  if (!encoding) return encoding.take_error();
  p.encoding = *encoding == "utf-8"          ? Encoding::kUtf8
               : *encoding == "windows-1252" ? Encoding::kWindows1252
                                             : Encoding::kIso88591;

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
  auto charges_sign = Choice(root, "charges_sign", {"positive", "negative"}, "positive");
  if (!charges_sign) return charges_sign.take_error();
  p.charges_negative = *charges_sign == "negative";
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

namespace {

// Finds the first key that an object of the document has twice: nlohmann keeps the last
// value of a repeated key without a word, so "columns": {"amount": "A", "amount": "B"}
// would read column B. The path is the profile field ("columns.amount").
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        frames_.push_back(Frame{event == Json::parse_event_t::object_start, NameOfNew(), {}, {}});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!frames_.empty() && parsed.is_string()) {
          Frame& f = frames_.back();
          f.last_key = parsed.get<std::string>();
          if (!f.keys.insert(f.last_key).second && !duplicate_) {
            std::string path;
            for (const Frame& open : frames_) {
              if (!open.name.empty()) path += (path.empty() ? "" : ".") + open.name;
            }
            duplicate_ = path + (path.empty() ? "" : ".") + f.last_key;
          }
        }
        break;
      case Json::parse_event_t::value:
        break;
    }
    return true;
  }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool is_object;
    std::string name;
    std::string last_key;
    std::set<std::string> keys;
  };
  // The key that holds a new object or array; an element of an array adds no name (the
  // path stays "columns.remittance"), which also keeps deep nesting linear.
  std::string NameOfNew() const {
    if (frames_.empty() || !frames_.back().is_object) return "";
    return frames_.back().last_key;
  }
  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

}  // namespace

}  // namespace profile_json

Result<Profile> ParseProfile(std::string_view json_text, std::string_view name) {
  using profile_json::Json;
  using profile_json::ProfileReader;
  const ProfileReader reader(name);
  if (json_text.size() > kProfileBytesMax) {
    return MakeError(ErrorCode::kLimitExceeded, "CSV profile '" + SanitizeUtf8(name) + "' is larger than " +
                                                    std::to_string(kProfileBytesMax) + " bytes");
  }
  // Depth-limited before a value is built: a profile nested a million levels deep must not
  // become a value that deep (recon/json.hpp says why).
  if (auto at = JsonTooDeepAt(json_text, kJsonDepthMaxDefault)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "CSV profile '" + SanitizeUtf8(name) + "' nests deeper than " +
                         std::to_string(kJsonDepthMaxDefault) + " levels",
                     "byte " + std::to_string(*at));
  }
  Json root;
  profile_json::DuplicateKeyFinder duplicates;
  try {
    root = Json::parse(json_text, std::ref(duplicates));
  } catch (const Json::exception& e) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "CSV profile '" + SanitizeUtf8(name) + "' is not valid JSON: " + SanitizeUtf8(e.what()));
  }
  if (duplicates.duplicate()) {
    return reader.Fail(SanitizeUtf8(*duplicates.duplicate()),
                       "is given twice; a profile names each field once (JSON would silently keep the last)");
  }
  if (!root.is_object()) return reader.Fail("(top level)", "must be a JSON object");
  if (Status s = reader.CheckKeys(
          root, "",
          {"description", "encoding", "delimiter", "quote", "decimal_separator", "thousands_separator", "date_formats",
           "header", "skip_rows", "skip_footer_rows", "skip_trailing_non_data_rows", "allow_extra_fields",
           "rows_without_amount", "amount_sign", "charges_sign", "balance_kind", "row_order", "columns"});
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

std::vector<const ColumnRef*> AllColumnRefs(const Columns& c) {
  std::vector<const ColumnRef*> all = {&c.booking_date,
                                       &c.value_date,
                                       &c.amount,
                                       &c.debit,
                                       &c.credit,
                                       &c.currency,
                                       &c.account,
                                       &c.statement_id,
                                       &c.balance,
                                       &c.end_to_end_id,
                                       &c.bank_reference,
                                       &c.structured_reference,
                                       &c.bank_transaction_code,
                                       &c.original_amount,
                                       &c.original_debit,
                                       &c.original_credit,
                                       &c.original_currency,
                                       &c.exchange_rate,
                                       &c.charges_currency,
                                       &c.check_number,
                                       &c.customer_reference,
                                       &c.mandate_id,
                                       &c.ultimate_debtor,
                                       &c.ultimate_creditor};
  for (const SidedRef* s : {&c.counterparty_name, &c.counterparty_account, &c.counterparty_bic}) {
    all.insert(all.end(), {&s->any, &s->credit, &s->debit});
  }
  for (const ColumnRef& r : c.remittance) all.push_back(&r);
  for (const ColumnRef& r : c.charges) all.push_back(&r);
  if (c.indicator) all.push_back(&c.indicator->column);
  return all;
}

}  // namespace recon::csv