// ConnectionService, the pull run: one pull of a connection (or the replay of a dead letter)
// from the lock to the recorded outcome, and the hooks through which the connector reports while
// it runs (rotated refresh tokens, cached access tokens, token requests, the bank's consent).
// Creating, changing and consenting to connections are in connection_service.cpp.
#include <spdlog/spdlog.h>

#include <chrono>

#include "bank_connections/connection_names.hpp"
#include "bank_connections/connection_service.hpp"
#include "bank_connections/pull_ingest.hpp"

namespace recon::bank_connections {
namespace {

using Json = nlohmann::json;

constexpr double kSecondsPerDay = 86400;

Json ErrorJson(const Error& e) {
  Json j = {{"type", std::string(ErrorCodeName(e.code))}, {"detail", e.message}};
  if (!e.location.empty()) j["location"] = e.location;
  return j;
}

// Days from now until a consent whose last good day is `valid_until` ends (UTC midnight after it).
std::optional<double> ConsentDaysLeft(const std::string& valid_until) {
  auto last = Date::ParseIso(valid_until);
  if (!last) return std::nullopt;
  const auto end = std::chrono::sys_days(std::chrono::days(last->AddDays(1).days_since_epoch()));
  return std::chrono::duration<double>(end - std::chrono::system_clock::now()).count() / kSecondsPerDay;
}

}  // namespace

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
  if (const auto missing = MissingSecrets(c.type, c.settings, c.secret_names); !missing.empty())
    return MakeError(ErrorCode::kConflict,
                     label + " cannot pull without secrets." + Joined(missing) +
                         (c.needs_person ? ": " + *c.needs_person : std::string(" (PATCH with \"secrets\")")),
                     "secrets." + missing.front());
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
  // The connector checks the settings against what the configuration allows now, not at create.
  auto connector = registry_.Create(c.type, *settings, context);
  if (!connector) {
    fail(connector.error());
  } else if (auto fetched = (*connector)->Fetch(c.cursor); !fetched) {
    fail(fetched.error());
  } else if (auto counts = IngestFetched(deps_.ingest, PullOrigin{c.company, c.id, *pull_id}, *fetched); !counts) {
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
  deps_.metrics.ObservePull(label, end.status, seconds);
  if (end.status == "succeeded" || end.status == "partial") {
    spdlog::info("pull {} of {} ({}): {} statement(s), {} new line(s), {} duplicate(s) in {:.1f} s", *pull_id, label,
                 trigger, end.statements, end.lines, end.duplicates, seconds);
  } else {
    spdlog::warn("pull {} of {} ({}) {}: {}", *pull_id, label, trigger, end.status,
                 end.errors.empty() ? "" : end.errors.back().value("detail", ""));
  }
  return record;
}

Status ConnectionService::StoreRefreshToken(int64_t id, const std::string& token) {
  auto sealed = box_.Seal(token, SecretPlace(id, "refresh_token"));
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
    auto plain = box_.Open((*stored)->sealed, TokenPlace(id));
    if (!plain) {
      spdlog::warn("connection {}: cached access token (key {}) cannot be opened ({}); asking the bank for a new one",
                   Label(id), (*stored)->key_id, plain.error().message);
      return std::nullopt;
    }
    return connectors::CachedAccessToken{std::move(plain).value(),
                                         std::chrono::system_clock::from_time_t((*stored)->expires_at_unix)};
  };
  cache.store = [this, id](const connectors::CachedAccessToken& token) {
    if (box_.sealing_key_id().empty()) return;
    auto sealed = box_.Seal(token.access_token, TokenPlace(id));
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
  connectors::ConnectorContext context = Allowed(c.type);
  context.on_refresh_token_rotated = [this, id = c.id](const std::string& token) { return StoreRefreshToken(id, token); };
  context.on_token_request = [this, label] { deps_.metrics.CountTokenRequest(label); };
  context.access_tokens = AccessTokenCacheFor(c.id);
  context.on_consent = [this, id = c.id, label](const connectors::ConsentState& consent) {
    if (Status s = store_.ConsentFromBank(id, consent.status, consent.valid_until); !s)
      spdlog::warn("connection {}: consent state not stored: {}", label, s.error().message);
    if (auto days = ConsentDaysLeft(consent.valid_until)) deps_.metrics.SetConsentDaysLeft(label, *days);
    if (consent.status != connectors::kConsentValid)
      spdlog::warn("connection {}: the bank says its consent is {} (valid until {})", label, consent.status,
                   consent.valid_until.empty() ? "?" : consent.valid_until);
  };
  return context;
}

}  // namespace recon::bank_connections
