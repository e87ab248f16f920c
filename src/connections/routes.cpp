#include "connections/routes.hpp"

#include <cstdio>

namespace recon::connections {

// Filled in by the connectors work; until then there are no connection routes.
void RegisterConnectionRoutes(server::Router&, api::App&) {}

int PullCommand(const std::vector<std::string>&) {
  std::fprintf(stderr, "recond pull: bank connections are not available in this build yet\n");
  return 1;
}

}  // namespace recon::connections
