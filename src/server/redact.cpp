#include "server/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace recon::server {
namespace {

constexpr std::array<std::string_view, 11> kSecretNames = {
    "code", "state", "token", "access_token", "refresh_token", "id_token", "client_secret",
    "password", "secret", "api_key", "key"};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A parameter name as a server would read it: percent-decoded, '+' as a space, lower case.
std::string NormalName(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size() && HexValue(raw[i + 1]) >= 0 && HexValue(raw[i + 2]) >= 0) {
      c = static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2]));
      i += 2;
    } else if (c == '+') {
      c = ' ';
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool IsSecretName(std::string_view raw) {
  const std::string name = NormalName(raw);
  return std::find(kSecretNames.begin(), kSecretNames.end(), name) != kSecretNames.end();
}

}  // namespace

std::string RedactedTarget(std::string_view target) {
  const size_t question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  const std::string_view path = target.substr(0, question);
  // Any path that mentions OAuth, however spelled ("//oauth/callback" reaches the callback too).
  const bool all = NormalName(path).find("oauth") != std::string::npos;
  std::string out(path);
  out += '?';
  std::string_view query = target.substr(question + 1);
  bool first = true;
  while (true) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const size_t eq = param.find('=');
    const std::string_view name = param.substr(0, eq);
    if (all || IsSecretName(name)) {
      out.append(name);
      out += "=REDACTED";
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace recon::server
