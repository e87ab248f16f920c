#include "security/secret_keys.hpp"

#include <fstream>
#include <sstream>

namespace recon::security {
namespace {

constexpr const char* kDefaultKeyId = "k1";

std::string Env(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

Status AddKeyFile(SecretBox& box, const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kInvalidRequest, "RECOND_SECRET_KEY_FILE: cannot read " + path);
  std::string line;
  int keys = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = "RECOND_SECRET_KEY_FILE " + path + ": line " + std::to_string(number);
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string id, key, extra;
    fields >> id >> key >> extra;
    if (id.empty()) continue;
    if (key.empty() || !extra.empty())
      return MakeError(ErrorCode::kInvalidRequest, "a key line is '<id> <key>'", where);
    auto raw = SecretBox::DecodeKey(key);
    if (!raw) return MakeError(ErrorCode::kInvalidRequest, raw.error().message, where);
    if (Status s = box.AddKey(id, std::move(raw).value()); !s)
      return MakeError(ErrorCode::kInvalidRequest, s.error().message, where);
    ++keys;
  }
  // A file named but empty (or a directory, or unreadable past its opening) is a mistake, not
  // a wish to run without keys.
  if (keys == 0) return MakeError(ErrorCode::kInvalidRequest, "RECOND_SECRET_KEY_FILE: " + path + " holds no key line");
  return Status::Ok();
}

}  // namespace

Result<SecretBox> LoadSecretKeys(const std::map<std::string, std::string>& env) {
  SecretBox box;
  if (const std::string file = Env(env, "RECOND_SECRET_KEY_FILE"); !file.empty()) {
    if (Status s = AddKeyFile(box, file); !s) return s.error();
  }
  if (const std::string key = Env(env, "RECOND_SECRET_KEY"); !key.empty()) {
    auto raw = SecretBox::DecodeKey(key);
    if (!raw) return MakeError(ErrorCode::kInvalidRequest, "RECOND_SECRET_KEY: " + raw.error().message);
    std::string id = Env(env, "RECOND_SECRET_KEY_ID");
    if (Status s = box.AddKey(id.empty() ? kDefaultKeyId : id, std::move(raw).value()); !s)
      return MakeError(ErrorCode::kInvalidRequest, "RECOND_SECRET_KEY_ID: " + s.error().message);
  }
  return box;
}

}  // namespace recon::security
