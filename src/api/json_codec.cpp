#include "api/json_codec.hpp"

#include "recon/status.hpp"
#include "util/ids.hpp"

namespace recon::api {
namespace {

Json Opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

Json OptAmount(const std::optional<int64_t>& v, std::string_view currency) {
  return v ? Json(AmountText(*v, currency)) : Json(nullptr);
}

Error FieldError(ErrorCode code, const std::string& where, const std::string& field, const std::string& why) {
  return MakeError(code, where + ": " + field + " " + why);
}

Result<std::optional<std::string>> OptionalString(const Json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return FieldError(ErrorCode::kInvalidRequest, where, key, "must be a string");
  std::string s = it->get<std::string>();
  // JSON may spell it (\u0000); PostgreSQL text cannot hold it.
  if (s.find('\0') != std::string::npos) return FieldError(ErrorCode::kInvalidRequest, where, key, "must not hold a NUL character");
  if (s.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<Date>> OptionalDate(const Json& j, const char* key, const std::string& where) {
  auto s = OptionalString(j, key, where);
  if (!s) return s.take_error();
  if (!*s) return std::optional<Date>();
  auto d = Date::ParseIso(**s);
  if (!d) return FieldError(ErrorCode::kInvalidDate, where, key, d.error().message);
  return std::optional<Date>(*d);
}

Result<Money> RequiredAmount(const Json& j, const char* key, const std::string& currency, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    return FieldError(ErrorCode::kInvalidRequest, where, key, "must be a decimal string such as \"1250.00\"");
  }
  auto m = Money::Parse(it->get<std::string>(), currency, DecimalSeparator::kPoint);
  if (!m) return FieldError(m.error().code, where, key, m.error().message);
  return m;
}

}  // namespace

std::string AmountText(int64_t minor, std::string_view currency) {
  auto c = Currency::FromCode(currency);
  return FormatMinorUnits(minor, c ? c->exponent() : 2);
}

Json LineToJson(const StatementLine& l) {
  const LineDetails& d = l.details.Get();
  return Json{{"account", l.account},
              {"booking_date", l.booking_date.ToIso()},
              {"value_date", l.value_date ? Json(l.value_date->ToIso()) : Json(nullptr)},
              {"amount", l.amount.ToString()},
              {"currency", std::string(l.amount.currency.code())},
              {"counterparty_name", Opt(l.counterparty_name)},
              {"counterparty_account", Opt(l.counterparty_account)},
              {"counterparty_bic", Opt(l.counterparty_bic)},
              {"structured_reference", Opt(l.structured_reference)},
              {"remittance_info", Opt(l.remittance_info)},
              {"end_to_end_id", Opt(l.end_to_end_id)},
              {"bank_reference", Opt(l.bank_reference)},
              {"bank_transaction_code", Opt(l.bank_transaction_code)},
              {"original_amount", d.original_amount ? Json(d.original_amount->ToString()) : Json(nullptr)},
              {"original_currency", Opt(d.original_currency)},
              {"exchange_rate", Opt(d.exchange_rate)},
              {"charges_amount", d.charges ? Json(d.charges->ToString()) : Json(nullptr)},
              {"charges_currency", d.charges ? Json(std::string(d.charges->currency.code())) : Json(nullptr)},
              {"check_number", Opt(d.check_number)},
              {"customer_reference", Opt(d.customer_reference)},
              {"mandate_id", Opt(d.mandate_id)},
              {"ultimate_debtor", Opt(d.ultimate_debtor)},
              {"ultimate_creditor", Opt(d.ultimate_creditor)}};
}

Json StoredLineToJson(const storage::StoredLine& s) {
  Json j = LineToJson(s.line);
  j["id"] = util::FormatId(util::kLinePrefix, s.id);
  j["statement_id"] = util::FormatId(util::kStatementPrefix, s.statement_id);
  j["status"] = s.status;
  j["matched_amount"] = AmountText(s.matched_amount, s.line.amount.currency.code());
  return j;
}

Json ParsedFileToJson(const ParsedFile& file) {
  Json statements = Json::array();
  for (const Statement& s : file.statements) {
    Json lines = Json::array();
    for (const StatementLine& l : s.lines) lines.push_back(LineToJson(l));
    statements.push_back(Json{{"statement_id", s.statement_id},
                              {"account", s.account},
                              {"currency", s.currency},
                              {"opening_balance", OptAmount(s.opening_balance, s.currency)},
                              {"closing_balance", OptAmount(s.closing_balance, s.currency)},
                              {"opening_date", s.opening_date ? Json(s.opening_date->ToIso()) : Json(nullptr)},
                              {"closing_date", s.closing_date ? Json(s.closing_date->ToIso()) : Json(nullptr)},
                              {"available_balance", OptAmount(s.available_balance, s.currency)},
                              {"available_date", s.available_date ? Json(s.available_date->ToIso()) : Json(nullptr)},
                              {"warnings", s.warnings},
                              {"lines", std::move(lines)}});
  }
  return Json{{"format", file.format}, {"statements", std::move(statements)}};
}

namespace {

// Lines of a statement per status, every status named (0 when it has none).
Json LineCounts(const std::string& stored) {
  Json counts = Json::object();
  for (LineStatus status : kAllLineStatuses) counts[std::string(LineStatusName(status))] = 0;
  const Json found = Json::parse(stored, nullptr, false);
  if (found.is_object()) {
    for (auto it = found.begin(); it != found.end(); ++it) counts[it.key()] = *it;
  }
  return counts;
}

}  // namespace

Json StoredStatementToJson(const storage::StoredStatement& s) {
  return Json{{"id", util::FormatId(util::kStatementPrefix, s.id)},
              {"company", s.company},
              {"format", s.format},
              {"bank_statement_id", s.bank_statement_id.empty() ? Json(nullptr) : Json(s.bank_statement_id)},
              {"account", s.account},
              {"currency", s.currency},
              {"opening_balance", OptAmount(s.opening_balance, s.currency)},
              {"closing_balance", OptAmount(s.closing_balance, s.currency)},
              {"opening_date", Opt(s.opening_date)},
              {"closing_date", Opt(s.closing_date)},
              {"available_balance", OptAmount(s.available_balance, s.currency)},
              {"available_date", Opt(s.available_date)},
              {"warnings", Json::parse(s.warnings_json, nullptr, false)},
              {"status", s.status},
              {"lines", s.line_count},
              {"duplicates_skipped", s.duplicates_skipped},
              {"line_counts", LineCounts(s.line_counts_json)},
              {"created_at", s.created_at}};
}

Json UploadedStatementToJson(const storage::StoredStatement& s) {
  return Json{{"id", util::FormatId(util::kStatementPrefix, s.id)},
              {"account", s.account},
              {"format", s.format},
              {"lines", s.line_count},
              {"duplicates_skipped", s.duplicates_skipped},
              {"opening_balance", OptAmount(s.opening_balance, s.currency)},
              {"closing_balance", OptAmount(s.closing_balance, s.currency)},
              {"available_balance", OptAmount(s.available_balance, s.currency)},
              {"available_date", Opt(s.available_date)},
              {"currency", s.currency},
              {"warnings", Json::parse(s.warnings_json, nullptr, false)}};
}

Json OpenItemToJson(const OpenItem& i) {
  return Json{{"id", util::FormatId(util::kItemPrefix, i.id)},
              {"external_id", i.external_id},
              {"company", i.company},
              {"kind", std::string(OpenItemKindName(i.kind))},
              {"partner_id", Opt(i.partner_id)},
              {"partner_name", Opt(i.partner_name)},
              {"partner_accounts", i.partner_accounts},
              {"document_number", Opt(i.document_number)},
              {"structured_reference", Opt(i.structured_reference)},
              {"amount", i.amount.ToString()},
              {"open_amount", i.open_amount.ToString()},
              {"currency", std::string(i.amount.currency.code())},
              {"status", i.open_amount.minor == 0 ? "closed" : "open"},
              {"issue_date", i.issue_date ? Json(i.issue_date->ToIso()) : Json(nullptr)},
              {"due_date", i.due_date ? Json(i.due_date->ToIso()) : Json(nullptr)}};
}

Json MatchToJson(const storage::StoredMatch& m) {
  Json lines = Json::array();
  for (const auto& l : m.lines) {
    lines.push_back(Json{{"id", util::FormatId(util::kLinePrefix, l.line_id)},
                         {"bank_reference", Opt(l.bank_reference)},
                         {"amount", AmountText(l.amount, m.currency)}});
  }
  Json allocations = Json::array();
  for (const auto& a : m.allocations) {
    allocations.push_back(Json{{"external_id", a.external_id}, {"amount", AmountText(a.amount, m.currency)}});
  }
  Json write_off = nullptr;
  if (m.write_off_amount) {
    write_off = Json{{"amount", AmountText(*m.write_off_amount, m.currency)}, {"account", Opt(m.write_off_account)}};
  }
  return Json{{"id", util::FormatId(util::kMatchPrefix, m.id)},
              {"status", m.status},
              {"rule", m.rule},
              {"confidence", m.confidence},
              {"explanation", m.explanation},
              {"currency", m.currency},
              {"lines", std::move(lines)},
              {"allocations", std::move(allocations)},
              {"write_off", std::move(write_off)},
              {"rank", m.rank},
              {"run_id", m.run_id ? Json(util::FormatId(util::kRunPrefix, *m.run_id)) : Json(nullptr)},
              {"created_at", m.created_at}};
}

Json DecisionToJson(const MatchDecision& d) {
  Json lines = Json::array();
  for (size_t i = 0; i < d.line_ids.size(); ++i) {
    lines.push_back(Json{{"id", util::FormatId(util::kLinePrefix, d.line_ids[i])},
                         {"amount", AmountText(d.line_amounts[i], d.currency)}});
  }
  Json allocations = Json::array();
  for (const Allocation& a : d.allocations) {
    allocations.push_back(Json{{"external_id", a.external_id}, {"amount", AmountText(a.amount, d.currency)}});
  }
  Json write_off = nullptr;
  if (d.write_off) write_off = Json{{"amount", AmountText(d.write_off->amount, d.currency)}, {"account", d.write_off->account}};
  return Json{{"outcome", d.outcome == MatchOutcome::kApply ? "apply" : "propose"},
              {"rule", d.rule},
              {"confidence", d.confidence},
              {"explanation", d.explanation},
              {"currency", d.currency},
              {"lines", std::move(lines)},
              {"allocations", std::move(allocations)},
              {"write_off", std::move(write_off)},
              {"rank", d.rank}};
}

Json RunToJson(const jobs::StoredRun& run) {
  return Json{{"run_id", util::FormatId(util::kRunPrefix, run.id)},
              {"status", run.status},
              {"dry_run", run.dry_run},
              {"conflicts", run.counts.conflicts},
              {"lines_considered", run.counts.lines_considered},
              {"applied", run.counts.applied},
              {"proposed", run.counts.proposed},
              {"unmatched", run.counts.unmatched},
              {"duration_ms", run.duration_ms ? Json(*run.duration_ms) : Json(nullptr)},
              {"error", Opt(run.error)},
              {"attempts", run.attempts},
              {"started_at", run.started_at},
              {"finished_at", Opt(run.finished_at)}};
}

Result<OpenItem> OpenItemFromJson(const Json& j, const std::string& default_company, const std::string& where) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, where + ": must be a JSON object");
  OpenItem item;
  auto external_id = OptionalString(j, "external_id", where);
  if (!external_id) return external_id.take_error();
  if (!*external_id) return FieldError(ErrorCode::kInvalidRequest, where, "external_id", "is required");
  item.external_id = **external_id;
  auto company = OptionalString(j, "company", where);
  if (!company) return company.take_error();
  item.company = company->value_or(default_company);
  auto kind = OptionalString(j, "kind", where);
  if (!kind) return kind.take_error();
  if (*kind) {
    auto k = ParseOpenItemKind(**kind);
    if (!k) return FieldError(ErrorCode::kInvalidRequest, where, "kind", "must be receivable, payable or ledger");
    item.kind = *k;
  }
  auto currency = OptionalString(j, "currency", where);
  if (!currency) return currency.take_error();
  if (!*currency) return FieldError(ErrorCode::kInvalidRequest, where, "currency", "is required");
  auto amount = RequiredAmount(j, "amount", **currency, where);
  if (!amount) return amount.take_error();
  item.amount = *amount;
  if (j.contains("open_amount") && !j["open_amount"].is_null()) {
    auto open = RequiredAmount(j, "open_amount", **currency, where);
    if (!open) return open.take_error();
    item.open_amount = *open;
  } else {
    item.open_amount = item.amount;
  }
  if (item.open_amount.minor != 0 && (item.open_amount.minor > 0) != (item.amount.minor > 0)) {
    return FieldError(ErrorCode::kInvalidRequest, where, "open_amount", "must have the same sign as amount");
  }
  if ((item.amount.minor >= 0 && item.open_amount.minor > item.amount.minor) ||
      (item.amount.minor < 0 && item.open_amount.minor < item.amount.minor)) {
    return FieldError(ErrorCode::kInvalidRequest, where, "open_amount", "must not exceed amount");
  }
  for (auto [key, field] : {std::pair{"partner_id", &item.partner_id}, std::pair{"partner_name", &item.partner_name},
                            std::pair{"document_number", &item.document_number},
                            std::pair{"structured_reference", &item.structured_reference}}) {
    auto v = OptionalString(j, key, where);
    if (!v) return v.take_error();
    *field = std::move(*v);
  }
  if (auto it = j.find("partner_accounts"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(ErrorCode::kInvalidRequest, where, "partner_accounts", "must be an array of strings");
    for (const Json& a : *it) {
      if (!a.is_string() || a.get<std::string>().find('\0') != std::string::npos) {
        return FieldError(ErrorCode::kInvalidRequest, where, "partner_accounts", "must be an array of strings without NUL");
      }
      if (!a.get<std::string>().empty()) item.partner_accounts.push_back(a.get<std::string>());
    }
  }
  auto issue = OptionalDate(j, "issue_date", where);
  if (!issue) return issue.take_error();
  item.issue_date = *issue;
  auto due = OptionalDate(j, "due_date", where);
  if (!due) return due.take_error();
  item.due_date = *due;
  return item;
}

}  // namespace recon::api
