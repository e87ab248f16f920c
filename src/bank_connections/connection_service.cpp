// ConnectionService: creating and changing connections with their secrets sealed, opening and
// re-sealing those secrets, and a person's OAuth consent. The pull run is in connection_pulls.cpp.
#include "bank_connections/connection_service.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "bank_connections/connection_names.hpp"
#include "connectors/http/client_certificate.hpp"
#include "connectors/oauth/bank_client.hpp"
#include "recon/digest.hpp"
#include "recon/hex.hpp"

namespace recon::bank_connections {
namespace {

using Json = nlohmann::json;

constexpr size_t kStateBytes = 24;

// A connector's settings error names its field first ("base_url must be ..."): point at it.
Error SettingsError(const Error& e) {
  const std::string first = e.message.substr(0, e.message.find(' '));
  const bool field = !first.empty() && first.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
  return MakeError(ErrorCode::kInvalidRequest, e.message, field ? "settings." + first : "settings");
}

Status KeyConfigured(const security::SecretBox& box) {
  if (!box.sealing_key_id().empty()) return Status::Ok();
  return MakeError(ErrorCode::kUnavailable,
                   "recond has no key to encrypt secrets with: set RECOND_SECRET_KEY or RECOND_SECRET_KEY_FILE");
}

Result<std::string> RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    return MakeError(ErrorCode::kInternal, "no random bytes for an OAuth state");
  return hex::Encode(raw);
}

}  // namespace

ConnectionService::ConnectionService(ConnectionServiceDeps deps, security::SecretBox box,
                                     connectors::ConnectorRegistry registry)
    : deps_(deps), store_(deps.pool), box_(std::move(box)), registry_(std::move(registry)) {}

Result<std::vector<SealedSecret>> ConnectionService::Seal(int64_t id,
                                                         const std::map<std::string, std::string>& secrets) const {
  std::vector<SealedSecret> out;
  if (!secrets.empty()) {
    if (Status key = KeyConfigured(box_); !key) return key.error();
  }
  for (const auto& [name, value] : secrets) {
    auto sealed = box_.Seal(value, SecretPlace(id, name));
    if (!sealed) return sealed.take_error();
    out.push_back({name, box_.sealing_key_id(), std::move(sealed).value()});
  }
  return out;
}

connectors::ConnectorContext ConnectionService::Allowed(const std::string& type) const {
  const config::Config& cfg = deps_.config;
  connectors::ConnectorContext context;
  context.outbound.plain_http_loopback_allowed = cfg.connections_allow_plain_http_loopback;
  context.outbound.private_addresses_allowed = cfg.outbound_private_addresses_allowed;
  context.outbound.kind = type;
  if (!cfg.connector_hosts_allowed.empty()) {
    // Once an allow-list is configured, a kind it does not name may call no host at all.
    auto hosts = cfg.connector_hosts_allowed.find(type);
    context.outbound.hosts_allowed =
        hosts == cfg.connector_hosts_allowed.end() ? std::vector<std::string>{} : hosts->second;
  }
  context.directory_roots = cfg.directory_roots;
  context.certificate_files = cfg.certificate_files;
  return context;
}

Result<ConnectionRecord> ConnectionService::Create(const std::string& company, const Json& body) {
  auto draft = DraftFromCreate(body, company, registry_);
  if (!draft) return draft.take_error();
  Json check = draft->record.settings;
  for (const auto& [name, value] : draft->secrets) check[name] = value;
  if (Status s = DescribeClientCertificate(check, draft->record); !s) return s.error();
  if (auto connector = registry_.Create(draft->record.type, check, Allowed(draft->record.type)); !connector)
    return SettingsError(connector.error());
  if (!draft->secrets.empty()) {
    if (Status key = KeyConfigured(box_); !key) return key.error();
  }
  auto id = store_.NewId();
  if (!id) return id.take_error();
  auto sealed = Seal(*id, draft->secrets);
  if (!sealed) return sealed.take_error();
  if (Status s = store_.Create(*id, draft->record, *sealed); !s) return s.error();
  spdlog::info("connection {} '{}' ({}) created for {}", Label(*id), draft->record.name, draft->record.type, company);
  auto stored = store_.Get(company, *id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kInternal, "a created connection cannot be read back");
  return std::move(**stored);
}

Result<ConnectionRecord> ConnectionService::Update(const std::string& company, int64_t id, const Json& body,
                                                   std::vector<std::string>* erased) {
  auto existing = store_.Get(company, id);
  if (!existing) return existing.take_error();
  if (!*existing) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  auto draft = DraftFromPatch(body, **existing);
  if (!draft) return draft.take_error();
  // New endpoints: the stored secrets were given for the old ones and must not follow the URL.
  // They are not even opened: only what this request sends reaches the connector.
  const std::vector<std::string> changed = ChangedEndpoints((*existing)->settings, draft->record.settings);
  std::optional<EndpointChange> change;
  // A pull running meanwhile could store a rotated refresh token of the old bank after the
  // erasure; the pull lock keeps the two apart.
  std::optional<PullLock> lock;
  Json settings = draft->record.settings;
  if (!changed.empty()) {
    auto locked = store_.TryLockPulls(id);
    if (!locked) return locked.take_error();
    if (!*locked)
      return MakeError(ErrorCode::kConflict, "a pull of " + Label(id) + " is running; change its endpoints after it");
    lock.emplace(std::move(**locked));
  }
  if (changed.empty()) {
    // Nothing is erased, so nothing required goes missing: what is required depends only on the
    // type and on token_url, an endpoint setting.
    auto opened = OpenSettings(draft->record, draft->secrets);
    if (!opened) return opened.take_error();
    settings = std::move(opened).value();
  } else {
    change.emplace();
    std::vector<std::string> given;
    for (const auto& [name, value] : draft->secrets) given.push_back(name);
    const auto missing = MissingSecrets(draft->record.type, draft->record.settings, given);
    if (!missing.empty())
      change->needs_person = "its endpoint URLs changed (" + Joined(changed) +
                             "), so its stored secrets were erased: send secrets." + Joined(missing) +
                             " again (PATCH with \"secrets\")";
  }
  for (const auto& [name, value] : draft->secrets) settings[name] = value;
  if (Status s = DescribeClientCertificate(settings, draft->record); !s) return s.error();
  if (auto connector = registry_.Create(draft->record.type, settings, Allowed(draft->record.type)); !connector)
    return SettingsError(connector.error());
  auto sealed = Seal(id, draft->secrets);
  if (!sealed) return sealed.take_error();
  auto updated = store_.Update(draft->record, *sealed, change);
  if (!updated) return updated.take_error();
  if (!*updated) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  if (change && !(*updated)->empty())
    spdlog::warn("connection {}: endpoint URLs changed ({}); stored secrets erased: {}", Label(id), Joined(changed),
                 Joined(**updated));
  else
    spdlog::info("connection {} updated", Label(id));
  if (erased) *erased = std::move(**updated);
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

Result<Json> ConnectionService::OpenSettings(const ConnectionRecord& c, const std::map<std::string, std::string>& replaced) {
  Json settings = c.settings;
  auto secrets = store_.Secrets(c.id);
  if (!secrets) return secrets.take_error();
  for (const SealedSecret& s : *secrets) {
    if (replaced.count(s.name)) continue;  // a new value is on its way: the stored one may be the broken one
    auto plain = box_.Open(s.sealed, SecretPlace(c.id, s.name));
    if (!plain) {
      // The inside story (which key) is for the operator; the secret itself never reaches a log.
      spdlog::error("connection {}: secret {} (key {}) cannot be opened: {}", Label(c.id), s.name, s.key_id,
                    plain.error().message);
      if (plain.error().code != ErrorCode::kForbidden)
        return MakeError(ErrorCode::kUnavailable, "the secrets of " + Label(c.id) + " cannot be opened with the keys "
                                                  "recond has (key id '" + s.key_id + "')");
      // It does not authenticate here: moved from another row, altered, or never re-sealed. Only
      // the person who knows the secret can mend that; no pull runs with it meanwhile.
      const std::string why =
          security::SecretBox::IsBound(s.sealed)
              ? "secrets." + s.name + " does not open as this connection's " + s.name +
                    " (sealed for another connection or secret, or altered): send it again (PATCH with \"secrets\")"
              : "secrets." + s.name + " was sealed before secrets were bound to their connection and was not"
                                      " re-sealed at start (see the log): send it again (PATCH with \"secrets\")";
      if (Status marked = store_.NeedsPerson(c.id, why); !marked)
        spdlog::warn("connection {}: needs_person not stored: {}", Label(c.id), marked.error().message);
      return MakeError(ErrorCode::kConflict, Label(c.id) + ": " + why, "secrets." + s.name);
    }
    settings[s.name] = std::move(plain).value();
  }
  return settings;
}

void ConnectionService::ResealUnbound() {
  if (box_.sealing_key_id().empty()) return;
  auto unbound = store_.UnboundSecrets();
  if (!unbound) {
    spdlog::warn("connection secrets: cannot look for secrets to re-seal: {}", unbound.error().message);
    return;
  }
  int resealed = 0;
  for (const UnboundSecret& u : *unbound) {
    auto plain = box_.OpenUnbound(u.secret.sealed);
    if (!plain) {
      spdlog::error("connection {}: secret {} (key {}) cannot be opened to re-seal it: {}", Label(u.connection_id),
                    u.secret.name, u.secret.key_id, plain.error().message);
      continue;
    }
    auto sealed = box_.Seal(*plain, SecretPlace(u.connection_id, u.secret.name));
    if (!sealed) {
      spdlog::error("connection {}: secret {} not re-sealed: {}", Label(u.connection_id), u.secret.name,
                    sealed.error().message);
      continue;
    }
    auto replaced = store_.ReplaceSealed(u.connection_id, u.secret.sealed,
                                         {u.secret.name, box_.sealing_key_id(), std::move(sealed).value()});
    if (!replaced) {
      spdlog::error("connection {}: secret {} not re-sealed: {}", Label(u.connection_id), u.secret.name,
                    replaced.error().message);
      continue;
    }
    resealed += *replaced ? 1 : 0;
  }
  if (resealed > 0) spdlog::info("connection secrets: {} secret(s) re-sealed bound to their connection", resealed);
}

Result<std::string> ConnectionService::ConsentUrl(const std::string& company, int64_t id) {
  auto found = store_.Get(company, id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "there is no connection " + Label(id));
  auto client = connectors::ReadBankClientSettings((*found)->settings, /*oauth_required=*/false, Allowed((*found)->type));
  if (!client) return SettingsError(client.error());
  const connectors::OAuthSettings& oauth = client->oauth;
  if (oauth.authorize_url.empty() || oauth.redirect_uri.empty())
    return MakeError(ErrorCode::kInvalidRequest,
                     "the connection needs settings.authorize_url and settings.redirect_uri for a consent",
                     oauth.authorize_url.empty() ? "settings.authorize_url" : "settings.redirect_uri");
  auto state = RandomHex(kStateBytes);
  if (!state) return state.take_error();
  std::string verifier;
  std::optional<std::string> sealed_verifier;
  if (oauth.pkce) {
    auto made = connectors::NewCodeVerifier();
    if (!made) return made.take_error();
    verifier = std::move(made).value();
    if (Status key = KeyConfigured(box_); !key) return key.error();
    auto sealed = box_.Seal(verifier, VerifierPlace(id));
    if (!sealed) return sealed.take_error();
    sealed_verifier = std::move(sealed).value();
  }
  if (Status s = store_.SetOAuthState(id, Sha256Hex(*state), sealed_verifier, deps_.config.oauth_state_ttl_seconds); !s)
    return s.error();
  auto transport = connectors::MakeBeastHttpClient({});  // builds the URL only; sends nothing
  return connectors::OAuthClient(*transport, oauth).ConsentUrl(*state, verifier);
}

Result<ConnectionRecord> ConnectionService::FinishConsent(const std::string& state, const std::string& code) {
  if (state.empty() || code.empty())
    return MakeError(ErrorCode::kInvalidRequest, "the callback needs 'state' and 'code'", state.empty() ? "state" : "code");
  auto taken = store_.TakeOAuthState(Sha256Hex(state));
  if (!taken) return taken.take_error();
  if (taken->outcome == TakenOAuthState::kExpired)
    return MakeError(ErrorCode::kNotFound, "this consent request expired (a request lives " +
                                               std::to_string(deps_.config.oauth_state_ttl_seconds) +
                                               " s, oauth_state_ttl_seconds); start a new one");
  if (taken->outcome != TakenOAuthState::kTaken)
    return MakeError(ErrorCode::kNotFound, "this consent request is unknown or was completed already");
  auto found = store_.Get("", taken->connection_id);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "the connection was deleted");
  const ConnectionRecord& c = **found;
  // The exchange may write the refresh token: not while a pull of the connection refreshes one.
  auto lock = store_.TryLockPulls(c.id);
  if (!lock) return lock.take_error();
  if (!*lock) return MakeError(ErrorCode::kConflict, "a pull of " + Label(c.id) + " is running; try the consent again");
  auto settings = OpenSettings(c);
  if (!settings) return settings.take_error();
  // The connection's own client: its timeouts, retries and mTLS identity reach the token endpoint too.
  auto client = connectors::ReadBankClientSettings(*settings, /*oauth_required=*/true, Allowed(c.type));
  if (!client) return SettingsError(client.error());
  std::string verifier;
  if (client->oauth.pkce) {
    if (!taken->sealed_verifier)
      return MakeError(ErrorCode::kConflict, "this consent request was started without PKCE, and the connection now"
                                             " uses it; start a new one");
    auto opened = box_.Open(*taken->sealed_verifier, VerifierPlace(c.id));
    if (!opened) {
      spdlog::error("connection {}: the consent's PKCE verifier cannot be opened: {}", Label(c.id),
                    opened.error().message);
      return MakeError(ErrorCode::kConflict, "this consent request's PKCE verifier cannot be opened; start a new one");
    }
    verifier = std::move(opened).value();
  }
  connectors::BankClient bank(*client, ContextFor(c));
  auto tokens = bank.oauth()->ExchangeCode(code, verifier);
  if (!tokens) return tokens.take_error();
  if (Status s = store_.ConsentRenewed(c.id, std::nullopt); !s) return s.error();
  spdlog::info("connection {}: consent granted, refresh token stored", Label(c.id));
  auto stored = store_.Get("", c.id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kNotFound, "the connection was deleted");
  return std::move(**stored);
}

}  // namespace recon::bank_connections
