#include "connections/connection_service.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "connections/pull_ingest.hpp"
#include "connectors/http/client_certificate.hpp"
#include "connectors/oauth/bank_client.hpp"
#include "util/digest.hpp"
#include "util/ids.hpp"

namespace recon::connections {
namespace {

using Json = nlohmann::json;

constexpr size_t kStateBytes = 24;
constexpr double kSecondsPerDay = 86400;

std::string Label(int64_t id) { return util::FormatId(kConnectionPrefix, id); }

Json ErrorJson(const Error& e) {
  Json j = {{"type", std::string(ErrorCodeName(e.code))}, {"detail", e.message}};
  if (!e.location.empty()) j["location"] = e.location;
  return j;
}

// A connector's settings error names its field first ("base_url must be ..."): point at it.
Error SettingsError(const Error& e) {
  const std::string first = e.message.substr(0, e.message.find(' '));
  const bool field = !first.empty() && first.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
  return MakeError(ErrorCode::kInvalidRequest, e.message, field ? "settings." + first : "settings");
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

// Days from now until a consent whose last good day is `valid_until` ends (UTC midnight after it).
std::optional<double> ConsentDaysLeft(const std::string& valid_until) {
  auto last = Date::ParseIso(valid_until);
  if (!last) return std::nullopt;
  const auto end = std::chrono::sys_days(std::chrono::days(last->AddDays(1).days_since_epoch()));
  return std::chrono::duration<double>(end - std::chrono::system_clock::now()).count() / kSecondsPerDay;
}

}  // namespace

ConnectionService::ConnectionService(api::App& app, security::SecretBox box, connectors::ConnectorRegistry registry)
    : app_(app), store_(app.pool), box_(std::move(box)), registry_(std::move(registry)) {}

Result<std::vector<SealedSecret>> ConnectionService::Seal(const std::map<std::string, std::string>& secrets) const {
  std::vector<SealedSecret> out;
  if (!secrets.empty() && box_.sealing_key_id().empty())
    return MakeError(ErrorCode::kUnavailable,
                     "recond has no key to encrypt secrets with: set RECOND_SECRET_KEY or RECOND_SECRET_KEY_FILE");
  for (const auto& [name, value] : secrets) {
    auto sealed = box_.Seal(value);
    if (!sealed) return sealed.take_error();
    out.push_back({name, box_.sealing_key_id(), std::move(sealed).value()});
  }
  return out;
}

Result<ConnectionRecord> ConnectionService::Create(const std::string& company, const Json& body) {
  auto draft = DraftFromCreate(body, company, registry_);
  if (!draft) return draft.take_error();
  Json check = draft->record.settings;
  for (const auto& [name, value] : draft->secrets) check[name] = value;
  if (Status s = DescribeClientCertificate(check, draft->record); !s) return s.error();
  if (auto connector = registry_.Create(draft->record.type, check); !connector)
    return SettingsError(connector.error());
  auto sealed = Seal(draft->secrets);
  if (!sealed) return sealed.take_error();
  auto id = store_.Create(draft->record, *sealed);
  if (!id) return id.take_error();
  spdlog::info("connection {} '{}' ({}) created for {}", Label(*id), draft->record.name, draft->record.type, company);
  auto stored = store_.Get(company, *id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kInternal, "a created connection cannot be read back");
  return std::move(**stored);
}

Result<ConnectionRecord> ConnectionService::Update(const std::string& company, int64_t id, const Json& body) {
  auto existing = store_.Get(company, id);
  if (!existing) return existing.take_error();
  if (!*existing) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  auto draft = DraftFromPatch(body, **existing);
  if (!draft) return draft.take_error();
  auto settings = OpenSettings(draft->record);
  if (!settings) return settings.take_error();
  for (const auto& [name, value] : draft->secrets) (*settings)[name] = value;
  if (Status s = DescribeClientCertificate(*settings, draft->record); !s) return s.error();
  if (auto connector = registry_.Create(draft->record.type, *settings); !connector)
    return SettingsError(connector.error());
  auto sealed = Seal(draft->secrets);
  if (!sealed) return sealed.take_error();
  auto updated = store_.Update(draft->record, *sealed);
  if (!updated) return updated.take_error();
  if (!*updated) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  spdlog::info("connection {} updated", Label(id));
  auto stored = store_.Get(company, id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  return std::move(**stored);
}

Status ConnectionService::DescribeClientCertificate(const Json& merged, ConnectionRecord& record) {
  const bool has_cert = merged.contains("client_certificate");
  const bool has_key = merged.contains("client_key");
  record.client_cert_subject.reset();
  record.client_cert_expires_at.reset();
  if (!has_cert && !has_key) return Status::Ok();
  if (has_cert != has_key)
    return MakeError(ErrorCode::kInvalidRequest, "client_certificate and client_key go together: give both",
                     has_cert ? "secrets.client_key" : "secrets.client_certificate");
  auto info = connectors::InspectClientCertificate(merged["client_certificate"].get<std::string>(),
                                                   merged["client_key"].get<std::string>());
  if (!info) return info.error();
  record.client_cert_subject = info->subject;
  if (!info->expires_at.empty()) record.client_cert_expires_at = info->expires_at;
  return Status::Ok();
}

Status ConnectionService::StoreRefreshToken(int64_t id, const std::string& token) {
  auto sealed = box_.Seal(token);
  if (!sealed) return sealed.error();
  return store_.PutSecret(id, {"refresh_token", box_.sealing_key_id(), std::move(sealed).value()});
}

connectors::AccessTokenCache ConnectionService::AccessTokenCacheFor(int64_t id) {
  connectors::AccessTokenCache cache;
  // Failures only cost a token request: they are logged (never the token) and otherwise ignored.
  cache.load = [this, id]() -> std::optional<connectors::CachedAccessToken> {
    auto stored = store_.AccessToken(id);
    if (!stored) {
      spdlog::warn("connection {}: cached access token not read: {}", Label(id), stored.error().message);
      return std::nullopt;
    }
    if (!*stored) return std::nullopt;
    auto plain = box_.Open((*stored)->sealed);
    if (!plain) {
      spdlog::warn("connection {}: cached access token (key {}) cannot be opened; asking the bank for a new one",
                   Label(id), (*stored)->key_id);
      return std::nullopt;
    }
    return connectors::CachedAccessToken{std::move(plain).value(),
                                         std::chrono::system_clock::from_time_t((*stored)->expires_at_unix)};
  };
  cache.store = [this, id](const connectors::CachedAccessToken& token) {
    if (box_.sealing_key_id().empty()) return;
    auto sealed = box_.Seal(token.access_token);
    if (!sealed) {
      spdlog::warn("connection {}: access token not cached: {}", Label(id), sealed.error().message);
      return;
    }
    const int64_t expires = std::chrono::duration_cast<std::chrono::seconds>(token.expires_at.time_since_epoch()).count();
    if (Status s = store_.PutAccessToken(id, {box_.sealing_key_id(), std::move(sealed).value(), expires}); !s)
      spdlog::warn("connection {}: access token not cached: {}", Label(id), s.error().message);
  };
  cache.forget = [this, id] {
    if (Status s = store_.ForgetAccessToken(id); !s)
      spdlog::warn("connection {}: refused access token not forgotten: {}", Label(id), s.error().message);
  };
  return cache;
}

connectors::ConnectorContext ConnectionService::ContextFor(const ConnectionRecord& c) {
  const std::string label = Label(c.id);
  connectors::ConnectorContext context;
  context.on_refresh_token_rotated = [this, id = c.id](const std::string& token) { return StoreRefreshToken(id, token); };
  context.on_token_request = [this, label] { app_.metrics.CountTokenRequest(label); };
  context.access_tokens = AccessTokenCacheFor(c.id);
  context.on_consent = [this, id = c.id, label](const connectors::ConsentState& consent) {
    if (Status s = store_.ConsentFromBank(id, consent.status, consent.valid_until); !s)
      spdlog::warn("connection {}: consent state not stored: {}", label, s.error().message);
    if (auto days = ConsentDaysLeft(consent.valid_until)) app_.metrics.SetConsentDaysLeft(label, *days);
    if (consent.status != connectors::kConsentValid)
      spdlog::warn("connection {}: the bank says its consent is {} (valid until {})", label, consent.status,
                   consent.valid_until.empty() ? "?" : consent.valid_until);
  };
  return context;
}

Result<Json> ConnectionService::OpenSettings(const ConnectionRecord& c) {
  Json settings = c.settings;
  auto secrets = store_.Secrets(c.id);
  if (!secrets) return secrets.take_error();
  for (const SealedSecret& s : *secrets) {
    auto plain = box_.Open(s.sealed);
    if (!plain) {
      // The inside story (which key) is for the operator; the secret itself never reaches a log.
      spdlog::error("connection {}: secret {} (key {}) cannot be opened: {}", Label(c.id), s.name, s.key_id,
                    plain.error().message);
      return MakeError(ErrorCode::kUnavailable, "the secrets of " + Label(c.id) + " cannot be opened with the keys "
                                                "recond has (key id '" + s.key_id + "')");
    }
    settings[s.name] = std::move(plain).value();
  }
  return settings;
}

Result<PullRecord> ConnectionService::Pull(const std::string& company, int64_t id, const std::string& trigger) {
  auto found = store_.Get(company, id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  auto lock = store_.TryLockPulls(id);
  if (!lock) return lock.take_error();
  if (!*lock) return MakeError(ErrorCode::kConflict, "a pull of " + Label(id) + " is already running");
  // Read again under the lock: the pull that held it may have moved the cursor.
  found = store_.Get(company, id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  return PullLocked(**found, trigger, std::nullopt);
}

Result<PullRecord> ConnectionService::Replay(const std::string& company, int64_t dead_letter_id) {
  auto letter = store_.GetDeadLetter(company, dead_letter_id);
  if (!letter) return letter.take_error();
  if (!*letter)
    return MakeError(ErrorCode::kNotFound, "there is no dead letter " + util::FormatId(kDeadLetterPrefix, dead_letter_id));
  if ((*letter)->status != "open")
    return MakeError(ErrorCode::kConflict, "dead letter " + util::FormatId(kDeadLetterPrefix, dead_letter_id) +
                                               " was replayed already");
  const int64_t id = (*letter)->connection_id;
  auto lock = store_.TryLockPulls(id);
  if (!lock) return lock.take_error();
  if (!*lock) return MakeError(ErrorCode::kConflict, "a pull of " + Label(id) + " is already running");
  auto found = store_.Get(company, id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "the connection " + Label(id) + " was deleted");
  return PullLocked(**found, "replay", dead_letter_id);
}

Result<PullRecord> ConnectionService::PullLocked(const ConnectionRecord& c, const std::string& trigger,
                                                 std::optional<int64_t> replay_of) {
  const std::string label = Label(c.id);
  auto settings = OpenSettings(c);
  if (!settings) return settings.take_error();
  auto budget = store_.TakeBudget(c.id, c.pulls_per_day_max);
  if (!budget) return budget.take_error();
  if (!*budget)
    return MakeError(ErrorCode::kConflict, label + " has used its " + std::to_string(c.pulls_per_day_max) +
                                               " pulls of today (pulls_per_day_max); the budget renews at 00:00 UTC");
  auto pull_id = store_.StartPull(c, trigger);
  if (!pull_id) return pull_id.take_error();
  const auto start = std::chrono::steady_clock::now();

  const connectors::ConnectorContext context = ContextFor(c);

  PullEnd end;
  end.replayed_dead_letter = replay_of;
  auto fail = [&end](const Error& e) {
    end.errors.push_back(ErrorJson(e));
    if (e.code == ErrorCode::kForbidden || e.code == ErrorCode::kUnauthorized) {
      end.status = "needs_person";
      end.needs_person = e.message;
    } else {
      end.status = "failed";
      end.dead_letter = e.ToString();
    }
  };
  auto connector = registry_.Create(c.type, *settings, context);
  if (!connector) {
    fail(connector.error());
  } else if (auto fetched = (*connector)->Fetch(c.cursor); !fetched) {
    fail(fetched.error());
  } else if (auto counts = IngestFetched(app_, PullOrigin{c.company, c.id, *pull_id}, *fetched); !counts) {
    fail(counts.error());
  } else {
    end.status = counts->errors.empty() ? "succeeded" : "partial";
    end.files = counts->files;
    end.statements = counts->statements;
    end.lines = counts->lines;
    end.duplicates = counts->duplicates;
    end.errors = counts->errors;
    end.cursor_after = fetched->next_cursor;
  }
  auto record = store_.FinishPull(*pull_id, end);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  app_.metrics.ObservePull(label, end.status, seconds);
  if (end.status == "succeeded" || end.status == "partial") {
    spdlog::info("pull {} of {} ({}): {} statement(s), {} new line(s), {} duplicate(s) in {:.1f} s", *pull_id, label,
                 trigger, end.statements, end.lines, end.duplicates, seconds);
  } else {
    spdlog::warn("pull {} of {} ({}) {}: {}", *pull_id, label, trigger, end.status,
                 end.errors.empty() ? "" : end.errors.back().value("detail", ""));
  }
  return record;
}

Result<std::string> ConnectionService::ConsentUrl(const std::string& company, int64_t id) {
  auto found = store_.Get(company, id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  auto client = connectors::ReadBankClientSettings((*found)->settings, /*oauth_required=*/false);
  if (!client) return SettingsError(client.error());
  const connectors::OAuthSettings& oauth = client->oauth;
  if (oauth.authorize_url.empty() || oauth.redirect_uri.empty())
    return MakeError(ErrorCode::kInvalidRequest,
                     "the connection needs settings.authorize_url and settings.redirect_uri for a consent",
                     oauth.authorize_url.empty() ? "settings.authorize_url" : "settings.redirect_uri");
  const std::string state = RandomHex(kStateBytes);
  if (Status s = store_.SetOAuthState(id, util::Sha256Hex(state)); !s) return s.error();
  auto transport = connectors::MakeBeastHttpClient({});
  return connectors::OAuthClient(*transport, oauth).ConsentUrl(state);
}

Result<ConnectionRecord> ConnectionService::FinishConsent(const std::string& state, const std::string& code) {
  if (state.empty() || code.empty())
    return MakeError(ErrorCode::kInvalidRequest, "the callback needs 'state' and 'code'", state.empty() ? "state" : "code");
  auto found = store_.TakeOAuthState(util::Sha256Hex(state));
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "this consent request is unknown or was completed already");
  const ConnectionRecord& c = **found;
  // The exchange may write the refresh token: not while a pull of the connection refreshes one.
  auto lock = store_.TryLockPulls(c.id);
  if (!lock) return lock.take_error();
  if (!*lock) return MakeError(ErrorCode::kConflict, "a pull of " + Label(c.id) + " is running; try the consent again");
  auto settings = OpenSettings(c);
  if (!settings) return settings.take_error();
  // The connection's own client: its timeouts, retries and mTLS identity reach the token endpoint too.
  auto client = connectors::ReadBankClientSettings(*settings, /*oauth_required=*/true);
  if (!client) return SettingsError(client.error());
  connectors::BankClient bank(*client, ContextFor(c));
  auto tokens = bank.oauth()->ExchangeCode(code);
  if (!tokens) return tokens.take_error();
  if (Status s = store_.ConsentRenewed(c.id, std::nullopt); !s) return s.error();
  spdlog::info("connection {}: consent granted, refresh token stored", Label(c.id));
  auto stored = store_.Get("", c.id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kNotFound, "the connection was deleted");
  return std::move(**stored);
}

}  // namespace recon::connections
