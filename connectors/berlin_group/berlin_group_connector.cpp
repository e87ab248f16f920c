#include "connectors/berlin_group/berlin_group_connector.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <map>
#include <set>

#include "connectors/berlin_group/transaction_mapper.hpp"
#include "recon/hex.hpp"
#include "recon/json.hpp"

namespace recon::connectors {
namespace {

constexpr auto Str = &StringSetting;

Error Refused(const HttpResponse& res, const std::string& what) {
  return MakeError(res.status >= 500 ? ErrorCode::kUnavailable : ErrorCode::kInvalidRequest,
                   what + " answered HTTP " + std::to_string(res.status));
}

// A random (version 4) UUID: Berlin Group wants a fresh X-Request-ID on every request.
std::string RequestId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) return "00000000-0000-4000-8000-000000000000";
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string digits = hex::Encode(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
  return digits.substr(0, 8) + '-' + digits.substr(8, 4) + '-' + digits.substr(12, 4) + '-' + digits.substr(16, 4) +
         '-' + digits.substr(20);
}

bool IsXml(const HttpResponse& res) {
  if (res.Header("content-type").find("xml") != std::string::npos) return true;
  size_t first = res.body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string::npos && res.body[first] == '<';
}

}  // namespace

Result<BerlinGroupSettings> BerlinGroupConnector::ReadSettings(const nlohmann::json& j,
                                                               const ConnectorContext& context) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, "berlin-group settings must be a JSON object");
  BerlinGroupSettings s;
  s.base_url = Str(j, "base_url");
  s.consent_id = Str(j, "consent_id");
  s.date_from = Str(j, "date_from");
  if (Status n = ReadIntSetting(j, "pages_max", s.pages_max); !n) return n.error();
  // It travels as a header: a line break would start a header of the caller's choosing.
  if (std::any_of(s.consent_id.begin(), s.consent_id.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return MakeError(ErrorCode::kInvalidRequest, "consent_id must not contain control characters");
  if (Status url = CheckEndpointSetting(context.outbound, "base_url", s.base_url); !url) return url.error();
  auto client = ReadBankClientSettings(j, /*oauth_required=*/true, context);
  if (!client) return client.error();
  s.client = std::move(client).value();
  if (!Date::ParseIso(s.date_from)) return MakeError(ErrorCode::kInvalidRequest, "date_from must be YYYY-MM-DD");
  if (s.pages_max < 1) return MakeError(ErrorCode::kInvalidRequest, "pages_max must be at least 1");
  return s;
}

Result<std::unique_ptr<Connector>> BerlinGroupConnector::Create(const nlohmann::json& settings,
                                                                 const ConnectorContext& context) {
  auto s = ReadSettings(settings, context);
  if (!s) return s.error();
  return std::unique_ptr<Connector>(std::make_unique<BerlinGroupConnector>(std::move(s).value(), context));
}

BerlinGroupConnector::BerlinGroupConnector(BerlinGroupSettings settings, const ConnectorContext& context,
                                           Sleeper sleeper)
    : settings_(std::move(settings)),
      on_consent_(context.on_consent),
      client_(settings_.client, context, std::move(sleeper)) {}

Result<HttpResponse> BerlinGroupConnector::Get(const std::string& url_or_path) {
  HttpRequest req;
  req.url = ResolveUrl(settings_.base_url, url_or_path);
  // A _links.next may be absolute: the bearer token and Consent-ID go only to base_url's origin.
  auto base = SplitUrl(settings_.base_url);
  auto target = SplitUrl(req.url);
  if (!base || !target || !SameOrigin(*base, *target))
    return MakeError(ErrorCode::kInvalidRequest, "the bank's link leads away from base_url's host (" +
                                                     (target ? target->host : std::string("not a URL")) +
                                                     "); recond follows links only on " +
                                                     (base ? base->host : settings_.base_url));
  req.headers = {{"Accept", "application/json"}, {"Consent-ID", settings_.consent_id}, {"X-Request-ID", RequestId()}};
  return client_.Send(req);
}

Status BerlinGroupConnector::CheckConsent() {
  if (settings_.consent_id.empty()) return Status::Ok();  // a bank without AIS consents
  const std::string what = "the consent " + settings_.consent_id;
  auto res = Get("/v1/consents/" + FormEncode(settings_.consent_id));
  if (!res) return res.error();
  if (res->status != 200) return Refused(*res, what);
  auto parsed = ParseJson(res->body, kJsonAnyLength, what);
  if (!parsed) return MakeError(ErrorCode::kMalformedFile, parsed.error().message, parsed.error().location);
  const nlohmann::json& body = *parsed;
  if (!body.is_object() || Str(body, "consentStatus").empty())
    return MakeError(ErrorCode::kMalformedFile, what + ": the answer carries no consentStatus");
  ConsentState consent{Str(body, "consentStatus"), Str(body, "validUntil")};
  if (!consent.valid_until.empty() && !Date::ParseIso(consent.valid_until))
    return MakeError(ErrorCode::kMalformedFile, what + ": validUntil '" + consent.valid_until + "' is not YYYY-MM-DD");
  if (on_consent_) on_consent_(consent);
  if (consent.status != kConsentValid)
    return MakeError(ErrorCode::kForbidden, "the bank says the consent is " + consent.status +
                                                " (consentStatus); a person must renew it");
  return Status::Ok();
}

Status BerlinGroupConnector::FetchAccount(const nlohmann::json& account, AccountCursor& cursor, FetchResult& out,
                                          size_t& total) {
  const std::string id = Str(account, "resourceId");
  const std::string iban = Str(account, "iban").empty() ? id : Str(account, "iban");
  const std::string from = cursor.date.empty() ? settings_.date_from : cursor.date;
  std::string next = "/v1/accounts/" + id + "/transactions?dateFrom=" + from + "&bookingStatus=booked";
  const std::string resumed = cursor.date;
  std::set<std::string> seen(cursor.ids.begin(), cursor.ids.end());
  std::map<std::string, int> occurrences;  // synthetic content key -> times seen in this pull
  Statement statement;
  statement.account = iban;
  statement.currency = Str(account, "currency");
  for (int page = 0; !next.empty(); ++page) {
    if (page == settings_.pages_max)
      return MakeError(ErrorCode::kLimitExceeded, "account " + id + " has more than pages_max pages");
    auto res = Get(next);
    if (!res) return res.error();
    if (res->status != 200) return Refused(*res, "transactions of account " + id);
    if (IsXml(*res)) {
      // The bank sends camt.053 instead of JSON: the parsers (and file hash) take it from here.
      out.files.push_back({"berlin-group:" + id + ":" + from + ".xml", std::move(res->body)});
      return Status::Ok();
    }
    auto parsed = ParseJson(res->body, kJsonAnyLength, "the transactions of " + id);
    if (!parsed) return MakeError(ErrorCode::kMalformedFile, parsed.error().message, parsed.error().location);
    nlohmann::json& body = *parsed;
    if (!body.is_object()) return MakeError(ErrorCode::kMalformedFile, "transactions of " + id + " are not a JSON object");
    const auto& txs = body["transactions"];
    next.clear();
    if (txs.contains("_links") && txs["_links"].contains("next")) next = Str(txs["_links"]["next"], "href");
    if (!txs.contains("booked") || !txs["booked"].is_array()) continue;
    for (const auto& tx : txs["booked"]) {
      auto line = MapTransaction(tx, iban);
      if (!line) return line.error();
      if (!line->bank_reference) line->bank_reference = SyntheticId(*line, occurrences[SyntheticId(*line, 0)]++);
      const std::string date = line->booking_date.ToIso();
      // Some banks ignore dateFrom; anything before the resume date was delivered already.
      if (!resumed.empty() && date < resumed) continue;
      if (!seen.insert(*line->bank_reference).second) continue;  // earlier page or earlier pull
      if (date > cursor.date) {
        cursor.date = date;
        cursor.ids.clear();
      }
      if (date == cursor.date) cursor.ids.push_back(*line->bank_reference);
      if (++total > settings_.transactions_max)
        return MakeError(ErrorCode::kLimitExceeded, "more than transactions_max transactions in one pull");
      if (statement.currency.empty()) statement.currency = std::string(line->amount.currency.code());
      statement.lines.push_back(std::move(line).value());
    }
  }
  if (!statement.lines.empty()) out.statements.push_back(std::move(statement));
  return Status::Ok();
}

Result<FetchResult> BerlinGroupConnector::Fetch(const std::string& cursor_text) {
  std::map<std::string, AccountCursor> cursors;
  if (!cursor_text.empty()) {
    auto parsed = ParseJson(cursor_text, kJsonAnyLength, "the stored cursor");
    nlohmann::json j = parsed ? std::move(*parsed) : nlohmann::json();
    if (!j.is_object() || !j.contains("accounts") || !j["accounts"].is_object())
      return MakeError(ErrorCode::kInvalidRequest, "the stored cursor is not a berlin-group cursor");
    for (const auto& [id, c] : j["accounts"].items())
      cursors[id] = {Str(c, "date"), c.value("ids", std::vector<std::string>{})};
  }
  if (Status consent = CheckConsent(); !consent) return consent.error();
  auto res = Get("/v1/accounts");
  if (!res) return res.error();
  if (res->status != 200) return Refused(*res, "the account list");
  auto parsed = ParseJson(res->body, kJsonAnyLength, "the account list");
  if (!parsed) return MakeError(ErrorCode::kMalformedFile, parsed.error().message, parsed.error().location);
  nlohmann::json& accounts = *parsed;
  if (!accounts.is_object() || !accounts.contains("accounts") || !accounts["accounts"].is_array())
    return MakeError(ErrorCode::kMalformedFile, "the account list is not the expected JSON");
  FetchResult out;
  size_t total = 0;
  for (const auto& account : accounts["accounts"]) {
    auto& cursor = cursors[Str(account, "resourceId")];
    auto status = FetchAccount(account, cursor, out, total);
    if (!status) return status.error();
  }
  nlohmann::json next = {{"accounts", nlohmann::json::object()}};
  for (const auto& [id, c] : cursors) next["accounts"][id] = {{"date", c.date}, {"ids", c.ids}};
  out.next_cursor = next.dump();
  return out;
}

}  // namespace recon::connectors
