// Column references of a profile: the forms a field may take and their options.
#include <algorithm>

#include "parsers/csv/profile_reader.hpp"
#include "parsers/csv/reader.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv::profile_json {

std::string Show(const Json& j) {
  if (j.is_array()) return "a list";
  if (j.is_object()) return "an object";
  return Excerpt(j.dump(-1, ' ', false, Json::error_handler_t::replace), 40);
}

namespace {

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

}  // namespace

Status ProfileReader::HeaderNames(const Json& names, const std::string& field, ColumnRef& ref) const {
  ref.kind = ColumnRef::Kind::kHeader;
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
}

// "occurrence", "optional" and "to_end", each allowed only where it means something.
Status ProfileReader::ColumnOptions(const Json& j, const std::string& field, unsigned allow, ColumnRef& ref) const {
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
  return Status::Ok();
}

Result<ColumnRef> ProfileReader::Column(const Json& j, const std::string& field, unsigned allow) const {
  ColumnRef ref;
  ref.field = field;
  const std::string wrong = "must be " + Forms(allow) + " (got " + Show(j) + ")";
  if (j.is_string() && (allow & kAllowHeader)) {
    if (Status s = HeaderNames(j, field, ref); !s) return s.error();
    return ref;
  }
  if (j.is_number_unsigned() && (allow & kAllowIndex)) {
    if (j.get<uint64_t>() >= kFieldsPerRowMax) return Fail(field, "index is beyond the last possible column");
    ref.kind = ColumnRef::Kind::kIndex;
    ref.index = static_cast<size_t>(j.get<uint64_t>());
    return ref;
  }
  if (!j.is_object()) return Fail(field, wrong);
  if (Status s = CheckKeys(j, field, {"header", "index", "value", "preamble", "occurrence", "optional", "to_end"});
      !s) {
    return s.error();
  }
  const int forms = static_cast<int>(j.contains("header")) + static_cast<int>(j.contains("index")) +
                    static_cast<int>(j.contains("value")) + static_cast<int>(j.contains("preamble"));
  if (forms != 1) return Fail(field, "must have exactly one of header, index, value or preamble");
  auto text = [&](const char* key) { return j.at(key).is_string() ? j.at(key).get<std::string>() : std::string(); };
  if (j.contains("header") && (allow & kAllowHeader)) {
    if (Status s = HeaderNames(j.at("header"), field, ref); !s) return s.error();
  } else if (j.contains("index") && (allow & kAllowIndex)) {
    const Json& index = j.at("index");
    if (!index.is_number_unsigned() || index.get<uint64_t>() >= kFieldsPerRowMax) {
      return Fail(field, "index must be a 0-based column number below " + std::to_string(kFieldsPerRowMax));
    }
    ref.kind = ColumnRef::Kind::kIndex;
    ref.index = static_cast<size_t>(index.get<uint64_t>());
  } else if (j.contains("value") && (allow & kAllowValue)) {
    ref.kind = ColumnRef::Kind::kValue;
    ref.value = text("value");
    if (ref.value.empty()) return Fail(field, "value must be a non-empty string");
  } else if (j.contains("preamble") && (allow & kAllowPreamble)) {
    ref.kind = ColumnRef::Kind::kPreamble;
    ref.value = text("preamble");
    if (ref.value.empty()) return Fail(field, "preamble must be the non-empty first cell of a row before the header");
  } else {
    return Fail(field, wrong);
  }
  if (Status s = ColumnOptions(j, field, allow, ref); !s) return s.error();
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
    if (ascii::Trim(v).empty()) return Fail(field, "has an empty value");
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
    if (std::find(indicator.debit_values.begin(), indicator.debit_values.end(), folded) !=
        indicator.debit_values.end()) {
      return Fail(field, "lists '" + v + "' as both debit and credit");
    }
    indicator.credit_values.push_back(folded);
  }
  auto sign = Choice(j, "amount_sign", {"reject", "ignore"}, "reject");
  if (!sign) return Fail(field + ".amount_sign", "must be \"reject\" or \"ignore\"");
  indicator.ignore_amount_sign = *sign == "ignore";
  return indicator;
}

}  // namespace recon::csv::profile_json
