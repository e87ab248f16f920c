// GET /v1/csv-profiles, GET/PUT/DELETE /v1/csv-profiles/{name}: the CSV profiles a company can
// name on upload (?profile=), where each comes from, and the company's own.
#include "api/handlers.hpp"
#include "api/responses.hpp"
#include "ingest/csv_profiles.hpp"
#include "recon/json.hpp"
#include "server/problem.hpp"

namespace recon::api {
namespace {

using server::http::status;
using Json = nlohmann::json;

Json SourceJson(ingest::ProfileSource source) { return std::string(ingest::ProfileSourceName(source)); }

Json EntryJson(const ingest::CsvProfileEntry& e) {
  Json shadows = Json::array();
  for (ingest::ProfileSource s : e.shadowed) shadows.push_back(SourceJson(s));
  return Json{{"name", e.name},
              {"source", SourceJson(e.source)},
              {"shadows", std::move(shadows)},
              {"description", e.description ? Json(*e.description) : Json(nullptr)},
              {"valid", !e.problem},
              {"problem", e.problem ? server::ProblemBody(*e.problem) : Json(nullptr)},
              {"updated_at", e.updated_at ? Json(*e.updated_at) : Json(nullptr)}};
}

Json ProfileJson(const ingest::CsvProfileText& p) {
  // Every profile found was a JSON object when it was written or shipped; one that no longer
  // parses (a directory file edited since) is shown as its text.
  auto profile = ParseJson(p.json, kJsonAnyLength, "CSV profile");
  return Json{{"name", p.name},
              {"source", SourceJson(p.source)},
              {"profile", profile ? std::move(*profile) : Json(p.json)},
              {"updated_at", p.updated_at ? Json(*p.updated_at) : Json(nullptr)}};
}

Result<std::string> NameOf(server::RequestContext& ctx) {
  const std::string name = ctx.path_params["name"];
  if (Status s = ingest::CheckProfileName(name, "name"); !s) return s.error();
  return name;
}

}  // namespace

HandlerResult ListCsvProfiles(const CsvProfileDeps& deps, server::RequestContext& ctx) {
  auto entries = deps.profiles.List(CompanyOf(ctx, deps.default_company));
  if (!entries) return entries.take_error();
  Json items = Json::array();
  for (const auto& e : *entries) items.push_back(EntryJson(e));
  return JsonResponse(status::ok, Json{{"items", std::move(items)}});
}

HandlerResult GetCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx) {
  auto name = NameOf(ctx);
  if (!name) return name.take_error();
  auto found = deps.profiles.Find(CompanyOf(ctx, deps.default_company), *name);
  if (!found) return found.take_error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "there is no CSV profile '" + *name + "'");
  return JsonResponse(status::ok, ProfileJson(**found));
}

// The body is the profile itself, as in config/csv-profiles/NAME.json. It is checked by the
// parser's own profile reader; a refusal names the field in its location ("columns.amount").
HandlerResult PutCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx) {
  auto name = NameOf(ctx);
  if (!name) return name.take_error();
  auto json = ingest::ValidatedProfileJson(ctx.request.body(), *name);
  if (!json) return json.take_error();
  const std::string company = CompanyOf(ctx, deps.default_company);
  auto created = deps.csv_profiles.Put(company, *name, *json, ingest::kStoredProfilesMax);
  if (!created) return created.take_error();
  auto stored = deps.profiles.Find(company, *name);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kInternal, "a CSV profile just stored was not found");
  return JsonResponse(*created ? status::created : status::ok, ProfileJson(**stored));
}

HandlerResult DeleteCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx) {
  auto name = NameOf(ctx);
  if (!name) return name.take_error();
  auto deleted = deps.csv_profiles.Delete(CompanyOf(ctx, deps.default_company), *name);
  if (!deleted) return deleted.take_error();
  if (!*deleted) {
    return MakeError(ErrorCode::kNotFound, "the company has stored no CSV profile '" + *name +
                                               "' (shipped and directory profiles cannot be deleted through the API)");
  }
  server::HttpResponse res{status::no_content, 11};
  res.prepare_payload();
  return res;
}

}  // namespace recon::api
