// Where CSV profiles are found by name: a company's stored profiles (PUT /v1/csv-profiles/{name}),
// then the configured directory (csv_profiles_dir, NAME.json), then the profiles shipped in
// the binary (config/csv-profiles). The first that has the name wins, so a company can
// replace a shipped profile for itself and an operator for everyone. Parsers never open
// files: the catalogue hands the profile's text to them through ParseOptions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"
#include "storage/csv_profile_store.hpp"

namespace recon::ingest {

// A profile name is 1 to kProfileNameBytesMax characters of [a-z0-9-], starting with a letter
// or a digit. Only such names are looked up: a name from a request never becomes a path or
// reaches the database otherwise.
inline constexpr size_t kProfileNameBytesMax = 64;
// Profiles one company may store (a bound on what GET /v1/csv-profiles lists).
inline constexpr size_t kStoredProfilesMax = 1000;
// Files of the profiles directory that GET /v1/csv-profiles reads; more are left out (logged).
inline constexpr size_t kDirectoryProfilesMax = 1000;

bool IsProfileName(std::string_view name);
// kInvalidRequest located at `field` ("profile", "name") when `name` is no profile name;
// "auto" (automatic mode, not a profile) is refused too.
Status CheckProfileName(std::string_view name, const std::string& field);

enum class ProfileSource { kCompany, kDirectory, kShipped };
// "company", "directory", "shipped".
std::string_view ProfileSourceName(ProfileSource source);

struct CsvProfileText {
  std::string name;
  ProfileSource source = ProfileSource::kShipped;
  std::string json;
  std::optional<std::string> updated_at;  // kCompany: when it was last stored
};

struct CsvProfileEntry {
  std::string name;
  ProfileSource source = ProfileSource::kShipped;  // where the profile in force comes from
  std::vector<ProfileSource> shadowed;             // further places with the same name, hidden by it
  std::optional<std::string> description;          // the profile's "description"
  std::optional<Error> problem;                    // when it does not validate (a broken file in the directory)
  std::optional<std::string> updated_at;           // kCompany
};

// Validates a profile's JSON with the parser's own reader (csv::ParseProfile) and answers it
// re-serialised (the text that is stored). Errors as csv::ParseProfile: kInvalidRequest with
// the field in the location ("columns.amount"), kLimitExceeded beyond csv::kProfileBytesMax.
Result<std::string> ValidatedProfileJson(std::string_view json, std::string_view name);

// Thread-safe (it holds no state but its settings; the store is).
class CsvProfileCatalogue {
 public:
  // `directory`: csv_profiles_dir, "" for none. `stored`: the database's profiles, nullptr
  // where there is none (`recond parse`).
  CsvProfileCatalogue(std::string directory, storage::CsvProfileStore* stored)
      : directory_(std::move(directory)), stored_(stored) {}

  // The profile `name` in force for `company`, or nullopt. Errors: kInvalidRequest (location
  // "profile") for a name that is no profile name; a directory file that cannot be read
  // (kInternal) or is larger than a profile may be (kLimitExceeded); the database's.
  Result<std::optional<CsvProfileText>> Find(const std::string& company, const std::string& name) const;

  // Find, with a missing profile as kInvalidRequest (location "profile") that names the
  // name and every place looked in.
  Result<CsvProfileText> Resolve(const std::string& company, const std::string& name) const;

  // Every profile `company` can name, by name, each once (the one in force).
  Result<std::vector<CsvProfileEntry>> List(const std::string& company) const;

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  storage::CsvProfileStore* stored_;
};

}  // namespace recon::ingest
