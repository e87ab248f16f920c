// `recond openapi`: the OpenAPI document the server serves at /v1/openapi.json, printed
// without a server or a database, for client generators and the linter in scripts/test.
#include <cstdio>

#include "api/openapi.hpp"
#include "cli/commands.hpp"

namespace recon::cli {

int OpenApi(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "recond openapi takes no arguments\n");
    return kExitBadInput;
  }
  std::puts(api::OpenApiDocument().dump(2).c_str());
  return kExitOk;
}

}  // namespace recon::cli
