#include "bank_connections/connection_json.hpp"

#include <algorithm>
#include <set>

#include "bank_connections/cron.hpp"
#include "connectors/oauth/bank_client.hpp"
#include "recon/timestamp.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {
namespace {

using Json = nlohmann::json;

constexpr size_t kNameBytesMax = 200;
constexpr int kPullsPerDayMax = 1000;

// client_certificate is not secret by itself, but it travels and is replaced with its key.
const std::set<std::string> kSecretNames = {"client_secret", "refresh_token", "client_certificate", "client_key"};
const std::set<std::string> kFields = {"name",   "type",    "settings",          "secrets", "schedule",
                                       "schedule_tz", "enabled", "pulls_per_day_max", "consent_expires_at"};

Error Bad(const std::string& field, const std::string& message) {
  return MakeError(ErrorCode::kInvalidRequest, message, field);
}

Status CheckKnownFields(const Json& body) {
  if (!body.is_object()) return Bad("", "the body must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (!kFields.count(key)) return Bad(key, "'" + key + "' is not a field of a connection");
  return Status::Ok();
}

// Copies the fields present in `body` onto the draft.
Status ApplyFields(const Json& body, ConnectionDraft& d) {
  if (body.contains("name")) {
    const Json& n = body["name"];
    if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > kNameBytesMax)
      return Bad("name", "name must be a non-empty string of at most " + std::to_string(kNameBytesMax) + " bytes");
    d.record.name = n.get<std::string>();
  }
  if (body.contains("settings")) {
    const Json& s = body["settings"];
    if (!s.is_object()) return Bad("settings", "settings must be a JSON object");
    for (const auto& [key, value] : s.items()) {
      if (IsSecretName(key)) return Bad("settings." + key, key + " is a secret: send it under \"secrets\"");
      if (value.is_null()) d.record.settings.erase(key);
      else d.record.settings[key] = value;
    }
  }
  if (body.contains("secrets")) {
    const Json& s = body["secrets"];
    if (!s.is_object()) return Bad("secrets", "secrets must be a JSON object of strings");
    for (const auto& [key, value] : s.items()) {
      if (!IsSecretName(key))
        return Bad("secrets." + key, "'" + key +
                                         "' is not a secret setting (client_secret, refresh_token, client_certificate,"
                                         " client_key)");
      if (!value.is_string() || value.get<std::string>().empty())
        return Bad("secrets." + key, "secrets." + key + " must be a non-empty string");
      d.secrets[key] = value.get<std::string>();
    }
  }
  if (body.contains("schedule")) {
    const Json& s = body["schedule"];
    if (!s.is_null() && !s.is_string()) return Bad("schedule", "schedule must be a cron expression or null");
    d.record.schedule = s.is_null() ? std::nullopt : std::optional<std::string>(s.get<std::string>());
  }
  if (body.contains("schedule_tz")) {
    if (!body["schedule_tz"].is_string()) return Bad("schedule_tz", "schedule_tz must be a string");
    d.record.schedule_tz = body["schedule_tz"].get<std::string>();
  }
  if (body.contains("enabled")) {
    if (!body["enabled"].is_boolean()) return Bad("enabled", "enabled must be true or false");
    d.record.enabled = body["enabled"].get<bool>();
  }
  if (body.contains("pulls_per_day_max")) {
    const Json& p = body["pulls_per_day_max"];
    if (!p.is_number_integer() || p.get<int64_t>() < 1 || p.get<int64_t>() > kPullsPerDayMax)
      return Bad("pulls_per_day_max", "pulls_per_day_max must be a whole number from 1 to " +
                                          std::to_string(kPullsPerDayMax));
    d.record.pulls_per_day_max = p.get<int>();
  }
  if (body.contains("consent_expires_at")) {
    const Json& c = body["consent_expires_at"];
    if (!c.is_null() && (!c.is_string() || c.get<std::string>().size() < 10))
      return Bad("consent_expires_at", "consent_expires_at must be an ISO 8601 date or timestamp, or null");
    d.record.consent_expires_at = c.is_null() ? std::nullopt : std::optional<std::string>(c.get<std::string>());
  }
  return Status::Ok();
}

// The schedule parses, and next_pull_at follows from it (now, or nothing without a schedule).
Status CheckSchedule(ConnectionRecord& r) {
  if (!r.schedule) {
    auto tz = ParseCron("* * * * *", r.schedule_tz);
    if (!tz) return tz.error();
    r.next_pull_at.reset();
    return Status::Ok();
  }
  auto cron = ParseCron(*r.schedule, r.schedule_tz);
  if (!cron) return cron.error();
  auto next = NextDue(*cron, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  if (!next) return Bad("schedule", "the schedule '" + *r.schedule + "' is never due");
  r.next_pull_at = FormatUtcSeconds(*next);
  return Status::Ok();
}

Status CheckRequiredSecrets(const ConnectionDraft& d) {
  std::vector<std::string> given;
  for (const auto& [name, value] : d.secrets) given.push_back(name);
  for (const std::string& name : MissingSecrets(d.record.type, d.record.settings, given))
    return Bad("secrets." + name, "a " + d.record.type + " connection needs secrets." + name);
  return Status::Ok();
}

}  // namespace

bool IsSecretName(const std::string& name) { return kSecretNames.count(name) != 0; }

std::vector<std::string> RequiredSecrets(const std::string& type, const nlohmann::json& settings) {
  if (type == "berlin-group") return {"client_secret"};
  if (type == "file-download" && settings.contains("token_url")) return {"client_secret"};
  return {};
}

std::vector<std::string> MissingSecrets(const std::string& type, const nlohmann::json& settings,
                                        const std::vector<std::string>& set) {
  std::vector<std::string> missing;
  for (const std::string& name : RequiredSecrets(type, settings))
    if (std::find(set.begin(), set.end(), name) == set.end()) missing.push_back(name);
  return missing;
}

std::vector<std::string> ChangedEndpoints(const nlohmann::json& before, const nlohmann::json& after) {
  std::vector<std::string> changed;
  for (const char* key : connectors::kEndpointSettings) {
    const auto b = before.find(key);
    const auto a = after.find(key);
    const bool had = b != before.end();
    const bool has = a != after.end();
    if (had != has || (had && *a != *b)) changed.emplace_back(key);
  }
  return changed;
}

Result<ConnectionDraft> DraftFromCreate(const nlohmann::json& body, const std::string& company,
                                        const connectors::ConnectorRegistry& registry) {
  if (Status s = CheckKnownFields(body); !s) return s.error();
  if (!body.contains("type") || !body["type"].is_string())
    return Bad("type", "type is required: one of the connector types");
  ConnectionDraft d;
  d.record.company = company;
  d.record.type = body["type"].get<std::string>();
  if (!registry.Has(d.record.type)) {
    std::string types;
    for (const auto& t : registry.Types()) types += (types.empty() ? "" : ", ") + t;
    return Bad("type", "there is no connector type '" + d.record.type + "' (known: " + types + ")");
  }
  if (!body.contains("name")) return Bad("name", "name is required");
  if (Status s = ApplyFields(body, d); !s) return s.error();
  if (Status s = CheckSchedule(d.record); !s) return s.error();
  if (Status s = CheckRequiredSecrets(d); !s) return s.error();
  return d;
}

Result<ConnectionDraft> DraftFromPatch(const nlohmann::json& body, const ConnectionRecord& existing) {
  if (Status s = CheckKnownFields(body); !s) return s.error();
  if (body.contains("type") && body["type"] != existing.type)
    return Bad("type", "the type of a connection cannot change; create a new connection");
  ConnectionDraft d;
  d.record = existing;
  if (Status s = ApplyFields(body, d); !s) return s.error();
  if (body.contains("schedule") || body.contains("schedule_tz")) {
    if (Status s = CheckSchedule(d.record); !s) return s.error();
  }
  return d;
}

nlohmann::json ConnectionToJson(const ConnectionRecord& c) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  return Json{{"id", util::FormatId(kConnectionPrefix, c.id)},
              {"company", c.company},
              {"name", c.name},
              {"type", c.type},
              {"settings", c.settings},
              {"secrets", c.secret_names},  // names only, never values
              // Required secrets not set (an endpoint URL changed and erased them): a pull waits for them.
              {"secrets_missing", MissingSecrets(c.type, c.settings, c.secret_names)},
              {"schedule", opt(c.schedule)},
              {"schedule_tz", c.schedule_tz},
              {"next_pull_at", opt(c.next_pull_at)},
              {"pulls_per_day_max", c.pulls_per_day_max},
              {"enabled", c.enabled},
              {"needs_person", opt(c.needs_person)},
              {"consent_expires_at", opt(c.consent_expires_at)},
              {"consent_status", opt(c.consent_status)},
              {"consent_checked_at", opt(c.consent_checked_at)},
              // What may be shown of the mTLS identity; the PEMs themselves never leave.
              {"client_certificate", c.client_cert_subject ? Json{{"subject", *c.client_cert_subject},
                                                                  {"expires_at", opt(c.client_cert_expires_at)}}
                                                           : Json(nullptr)},
              {"last_success_at", opt(c.last_success_at)},
              {"created_at", c.created_at},
              {"updated_at", c.updated_at}};
}

nlohmann::json PullToJson(const PullRecord& p) {
  return Json{{"id", util::FormatId(kPullPrefix, p.id)},
              {"connection_id", util::FormatId(kConnectionPrefix, p.connection_id)},
              {"trigger", p.trigger},
              {"status", p.status},
              {"started_at", p.started_at},
              {"finished_at", p.finished_at ? Json(*p.finished_at) : Json(nullptr)},
              {"files", p.files},
              {"statements", p.statements},
              {"lines", p.lines},
              {"duplicates", p.duplicates},
              {"errors", p.errors},
              {"dead_letter_id", p.dead_letter_id ? Json(util::FormatId(kDeadLetterPrefix, *p.dead_letter_id))
                                                  : Json(nullptr)}};
}

nlohmann::json DeadLetterToJson(const DeadLetterRecord& d) {
  return Json{{"id", util::FormatId(kDeadLetterPrefix, d.id)},
              {"connection_id", util::FormatId(kConnectionPrefix, d.connection_id)},
              {"pull_id", util::FormatId(kPullPrefix, d.pull_id)},
              {"last_error", d.last_error},
              {"attempts", d.attempts},
              {"status", d.status},
              {"replay_pull_id", d.replay_pull_id ? Json(util::FormatId(kPullPrefix, *d.replay_pull_id)) : Json(nullptr)},
              {"created_at", d.created_at},
              {"updated_at", d.updated_at}};
}

}  // namespace recon::bank_connections
