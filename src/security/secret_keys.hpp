// Where the keys of the secret box come from: RECOND_SECRET_KEY (one key, its id from
// RECOND_SECRET_KEY_ID, default "k1") and/or RECOND_SECRET_KEY_FILE, a file of lines
// "<id> <key>" (64 hex digits or base64; '#' starts a comment). Every key opens; the last one
// given seals (the environment key comes after the file's), so a rotation appends a line and
// old secrets still open.
#pragma once

#include <map>
#include <string>

#include "recon/error.hpp"
#include "security/secret_box.hpp"

namespace recon::security {

// The box with every configured key; a box without keys when none is configured (sealing then
// fails with a message that says how to configure one). kInvalidRequest names the variable,
// file and line of a key that cannot be read.
Result<SecretBox> LoadSecretKeys(const std::map<std::string, std::string>& env);

}  // namespace recon::security
