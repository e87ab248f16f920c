#include "ingest/csv_profiles.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "ingest/shipped_csv_profiles.hpp"
#include "parsers/csv/profile.hpp"

namespace recon::ingest {
namespace {

// A name as it may be echoed in a message: printable ASCII, at most 80 characters. A name
// that is no profile name may hold anything a request can carry.
std::string Shown(std::string_view name) {
  constexpr size_t kShownMax = 80;
  std::string out;
  for (char c : name.substr(0, kShownMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (name.size() > kShownMax) out += "...";
  return out;
}

// Closes a file descriptor on every way out.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// directory/NAME.json, or nullopt when there is no such file. `name` is a profile name.
Result<std::optional<std::string>> ReadDirectoryProfile(const std::string& directory, const std::string& name) {
  if (directory.empty()) return std::optional<std::string>();
  const std::string path = directory + "/" + name + ".json";
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
    return MakeError(ErrorCode::kInternal, "cannot open the CSV profile " + path + ": " + std::strerror(errno));
  }
  struct stat info{};
  if (::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return MakeError(ErrorCode::kInternal, "the CSV profile " + path + " is not a regular file");
  }
  if (static_cast<size_t>(info.st_size) > csv::kProfileBytesMax) {
    return MakeError(ErrorCode::kLimitExceeded, "the CSV profile " + path + " is larger than " +
                                                    std::to_string(csv::kProfileBytesMax) + " bytes");
  }
  std::string text(static_cast<size_t>(info.st_size), '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(file.fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorCode::kInternal, "cannot read the CSV profile " + path + ": " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  return std::optional<std::string>(std::move(text));
}

const ShippedCsvProfile* FindShipped(std::string_view name) {
  for (const ShippedCsvProfile& p : ShippedCsvProfiles()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// The names of the directory's profiles (NAME.json with a profile name), at most kDirectoryProfilesMax.
std::vector<std::string> DirectoryProfileNames(const std::string& directory) {
  std::vector<std::string> names;
  if (directory.empty()) return names;
  std::error_code ec;
  std::filesystem::directory_iterator it(directory, ec);
  if (ec) {
    spdlog::warn("the CSV profiles directory {} cannot be listed: {}", directory, ec.message());
    return names;
  }
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::filesystem::path& path = it->path();
    if (path.extension() != ".json" || !IsProfileName(path.stem().string())) continue;
    if (names.size() == kDirectoryProfilesMax) {
      spdlog::warn("the CSV profiles directory {} has more than {} profiles; the list shows the first {}", directory,
                   kDirectoryProfilesMax, kDirectoryProfilesMax);
      break;
    }
    names.push_back(path.stem().string());
  }
  return names;
}

// What the list says of one profile's text: its description, or why it does not validate.
void Describe(const std::string& json, CsvProfileEntry& entry) {
  if (auto valid = ValidatedProfileJson(json, entry.name); !valid) {
    entry.problem = valid.error();
    return;
  }
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_object() && doc.contains("description") && doc["description"].is_string()) {
    entry.description = doc["description"].get<std::string>();
  }
}

}  // namespace

bool IsProfileName(std::string_view name) {
  if (name.empty() || name.size() > kProfileNameBytesMax || name.front() == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Status CheckProfileName(std::string_view name, const std::string& field) {
  if (name == "auto") {
    return MakeError(ErrorCode::kInvalidRequest, "'auto' names the automatic mode of the CSV parser, not a profile",
                     field);
  }
  if (!IsProfileName(name)) {
    std::string message = "'";
    message += Shown(name);
    message += "' is not a CSV profile name: 1 to " + std::to_string(kProfileNameBytesMax) +
               " lower-case letters, digits and hyphens, starting with a letter or digit";
    return MakeError(ErrorCode::kInvalidRequest, std::move(message), field);
  }
  return Status::Ok();
}

std::string_view ProfileSourceName(ProfileSource source) {
  switch (source) {
    case ProfileSource::kCompany: return "company";
    case ProfileSource::kDirectory: return "directory";
    case ProfileSource::kShipped: return "shipped";
  }
  return "shipped";
}

Result<std::string> ValidatedProfileJson(std::string_view json, std::string_view name) {
  auto profile = csv::ParseProfile(json, name);
  if (!profile) return profile.take_error();
  // Valid JSON (ParseProfile read it); kept in the order written, without its spacing.
  const auto doc = nlohmann::ordered_json::parse(json, nullptr, false);
  if (doc.is_discarded()) return MakeError(ErrorCode::kInternal, "a validated CSV profile did not parse again");
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::optional<CsvProfileText>> CsvProfileCatalogue::Find(const std::string& company,
                                                                const std::string& name) const {
  if (Status s = CheckProfileName(name, "profile"); !s) return s.error();
  if (stored_) {
    auto stored = stored_->Get(company, name);
    if (!stored) return stored.take_error();
    if (*stored) {
      return std::optional<CsvProfileText>(
          CsvProfileText{name, ProfileSource::kCompany, std::move((*stored)->json), (*stored)->updated_at});
    }
  }
  auto file = ReadDirectoryProfile(directory_, name);
  if (!file) return file.take_error();
  if (*file) return std::optional<CsvProfileText>(CsvProfileText{name, ProfileSource::kDirectory, std::move(**file), {}});
  if (const ShippedCsvProfile* shipped = FindShipped(name)) {
    return std::optional<CsvProfileText>(
        CsvProfileText{name, ProfileSource::kShipped, std::string(shipped->json), {}});
  }
  return std::optional<CsvProfileText>();
}

Result<CsvProfileText> CsvProfileCatalogue::Resolve(const std::string& company, const std::string& name) const {
  auto found = Find(company, name);
  if (!found) return found.take_error();
  if (*found) return std::move(**found);
  std::string where;
  if (stored_) where += "the company's stored profiles (PUT /v1/csv-profiles/" + name + "), ";
  if (directory_.empty()) {
    where += "no profiles directory (csv_profiles_dir is not set), ";
  } else {
    // The server's paths are not shown to API callers; the command line shows where it looked.
    where += stored_ ? "the profiles directory (csv_profiles_dir), " : "the profiles directory " + directory_ + ", ";
  }
  std::string shipped;
  for (const ShippedCsvProfile& p : ShippedCsvProfiles()) shipped += (shipped.empty() ? "" : ", ") + std::string(p.name);
  return MakeError(ErrorCode::kInvalidRequest,
                   "there is no CSV profile '" + name + "': looked in " + where + "and the shipped profiles (" +
                       shipped + ")" + (stored_ ? "; GET /v1/csv-profiles lists them all" : ""),
                   "profile");
}

Result<std::vector<CsvProfileEntry>> CsvProfileCatalogue::List(const std::string& company) const {
  std::map<std::string, CsvProfileEntry> entries;
  // In order of precedence: the first place that has a name is the one in force.
  auto add = [&entries](const std::string& name, ProfileSource source) -> CsvProfileEntry* {
    auto [it, fresh] = entries.try_emplace(name);
    if (!fresh) {
      it->second.shadowed.push_back(source);
      return nullptr;
    }
    it->second.name = name;
    it->second.source = source;
    return &it->second;
  };
  if (stored_) {
    auto stored = stored_->List(company);
    if (!stored) return stored.take_error();
    for (const storage::StoredCsvProfile& p : *stored) {
      if (CsvProfileEntry* e = add(p.name, ProfileSource::kCompany)) {
        e->updated_at = p.updated_at;
        Describe(p.json, *e);
      }
    }
  }
  for (const std::string& name : DirectoryProfileNames(directory_)) {
    CsvProfileEntry* e = add(name, ProfileSource::kDirectory);
    if (!e) continue;
    auto text = ReadDirectoryProfile(directory_, name);
    if (!text) e->problem = text.error();
    else if (*text) Describe(**text, *e);
  }
  for (const ShippedCsvProfile& p : ShippedCsvProfiles()) {
    if (CsvProfileEntry* e = add(std::string(p.name), ProfileSource::kShipped)) Describe(std::string(p.json), *e);
  }
  std::vector<CsvProfileEntry> out;
  out.reserve(entries.size());
  for (auto& [name, entry] : entries) out.push_back(std::move(entry));
  return out;
}

}  // namespace recon::ingest
