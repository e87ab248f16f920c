// libFuzzer target for the request bodies of the API: the functions that turn a body into a
// typed request, without a database. The first byte picks the body (seeds start with a
// letter and a newline, so that they read as files):
//   o  POST /v1/open-items, a JSON array      n  the same as NDJSON
//   r  PUT /v1/rules                          v  POST /v1/matches/review
//   m  POST /v1/matches (a manual match)      c  POST /v1/connections
//   p  PATCH /v1/connections/{id}
// any other byte picks one by its value. Every body goes through ParseJson with small
// limits first, as the server does. Beyond not crashing, the results keep the decoders'
// promises (see the Check functions).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/request_bodies.hpp"
#include "bank_connections/connection_json.hpp"
#include "matching/rule_set.hpp"
#include "recon/json.hpp"

namespace {

using recon::ErrorCode;
using Json = nlohmann::json;

// Small enough that the fuzzer reaches both limits; deep enough for every real body.
constexpr recon::JsonLimits kLimits{16, 64 << 10};

void Require(bool condition) {
  if (!condition) std::abort();
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// What PostgreSQL is handed must be text it can store: UTF-8 without NUL.
bool StorableText(std::string_view s) { return ValidUtf8(s) && s.find('\0') == std::string_view::npos; }

// A refusal says what and is of a request kind; its message and place survive a JSON dump.
void CheckRefusal(const recon::Error& e) {
  Require(!e.message.empty());
  Require(e.code == ErrorCode::kInvalidRequest || e.code == ErrorCode::kLimitExceeded ||
          e.code == ErrorCode::kPayloadTooLarge || e.code == ErrorCode::kInvalidAmount ||
          e.code == ErrorCode::kAmountOverflow || e.code == ErrorCode::kUnknownCurrency ||
          e.code == ErrorCode::kInvalidDate || e.code == ErrorCode::kInvalidRuleSet);
  (void)Json{{"detail", e.message}, {"location", e.location}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void CheckItems(const std::vector<recon::OpenItem>& items) {
  for (const recon::OpenItem& item : items) {
    Require(!item.external_id.empty() && StorableText(item.external_id));
    Require(StorableText(item.company));
    Require(item.amount.currency.code() == item.open_amount.currency.code());
    // open_amount lies between zero and amount, on amount's side.
    Require(item.amount.minor >= 0 ? item.open_amount.minor >= 0 && item.open_amount.minor <= item.amount.minor
                                   : item.open_amount.minor <= 0 && item.open_amount.minor >= item.amount.minor);
    for (const auto* text : {&item.partner_id, &item.partner_name, &item.document_number, &item.structured_reference}) {
      if (*text) Require(!(*text)->empty() && StorableText(**text));
    }
    for (const std::string& account : item.partner_accounts) Require(!account.empty() && StorableText(account));
    (void)recon::api::OpenItemToJson(item).dump();  // strict: throws on bad UTF-8
  }
}

void OpenItems(std::string_view body, bool ndjson) {
  auto items = recon::api::DecodeOpenItems(body, ndjson, "main", kLimits);
  if (!items) return CheckRefusal(items.error());
  CheckItems(*items);
}

void Rules(const Json& body) {
  auto rules = recon::matching::ParseRuleSet(body);
  if (!rules) return CheckRefusal(rules.error());
  // A stored rule set is read back from its JSON: the round trip must give the same set.
  const Json written = recon::matching::RuleSetToJson(*rules);
  auto again = recon::matching::ParseRuleSet(written);
  Require(again.ok());
  Require(recon::matching::RuleSetToJson(*again) == written);
}

void Review(const Json& body) {
  auto decisions = recon::api::DecodeReviewDecisions(body);
  if (!decisions) return CheckRefusal(decisions.error());
  Require(!decisions->empty() && decisions->size() <= recon::api::kReviewDecisionsMax);
  for (size_t i = 0; i < decisions->size(); ++i) {
    Require((*decisions)[i].match_id > 0);
    for (size_t k = 0; k < i; ++k) Require((*decisions)[k].match_id != (*decisions)[i].match_id);
  }
}

void ManualMatch(const Json& body) {
  auto request = recon::api::DecodeManualMatch(body);
  if (!request) return CheckRefusal(request.error());
  Require(!request->line_ids.empty() && !request->allocations.empty());
  for (int64_t id : request->line_ids) Require(id > 0);
  for (size_t i = 0; i < request->allocations.size(); ++i) {
    const auto& a = request->allocations[i];
    Require(StorableText(a.external_id) && StorableText(a.amount));
    for (size_t k = 0; k < i; ++k) Require(request->allocations[k].external_id != a.external_id);
  }
  for (size_t i = 0; i < request->line_ids.size(); ++i) {
    for (size_t k = 0; k < i; ++k) Require(request->line_ids[k] != request->line_ids[i]);
  }
  if (request->write_off) Require(StorableText(request->write_off->amount) && StorableText(request->write_off->account));
}

void CheckDraft(const recon::bank_connections::ConnectionDraft& d) {
  Require(!d.record.name.empty() && StorableText(d.record.name) && StorableText(d.record.type));
  Require(d.record.settings.is_object());
  for (const auto& [key, value] : d.record.settings.items()) Require(!recon::bank_connections::IsSecretName(key));
  for (const auto& [name, value] : d.secrets) Require(recon::bank_connections::IsSecretName(name) && !value.empty());
  // What a response shows of a connection never holds a secret's value.
  const std::string shown = recon::bank_connections::ConnectionToJson(d.record).dump(-1, ' ', false,
                                                                               Json::error_handler_t::replace);
  for (const auto& [name, value] : d.secrets) Require(value.size() < 8 || shown.find(value) == std::string::npos);
}

void Connection(const Json& body, bool patch) {
  static const auto registry = recon::connectors::BuiltinConnectors();
  if (!patch) {
    auto draft = recon::bank_connections::DraftFromCreate(body, "main", registry);
    if (!draft) return CheckRefusal(draft.error());
    return CheckDraft(*draft);
  }
  // A connection as stored, to patch.
  recon::bank_connections::ConnectionRecord existing;
  existing.id = 7;
  existing.company = "main";
  existing.name = "bank";
  existing.type = "file_download";
  existing.settings = Json{{"list_url", "https://bank.example/files"}};
  existing.secret_names = {"client_secret"};
  auto draft = recon::bank_connections::DraftFromPatch(body, existing);
  if (!draft) return CheckRefusal(draft.error());
  CheckDraft(*draft);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char kinds[] = {'o', 'n', 'r', 'v', 'm', 'c', 'p'};
  char kind = static_cast<char>(data[0]);
  if (std::string_view("onrvmcp").find(kind) == std::string_view::npos) kind = kinds[data[0] % sizeof kinds];
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!body.empty() && body.front() == '\n') body.remove_prefix(1);
  if (kind == 'o' || kind == 'n') {
    OpenItems(body, kind == 'n');
    return 0;
  }
  auto parsed = recon::ParseJson(body, kLimits, "the body");
  if (!parsed) {
    CheckRefusal(parsed.error());
    return 0;
  }
  const Json copy = *parsed;  // the copy that a million levels once overflowed
  switch (kind) {
    case 'r': Rules(copy); break;
    case 'v': Review(copy); break;
    case 'm': ManualMatch(copy); break;
    case 'c': Connection(copy, false); break;
    case 'p': Connection(copy, true); break;
    default: break;
  }
  return 0;
}
