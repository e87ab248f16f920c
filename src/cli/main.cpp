// recond: the bank-reconciliation server and its command-line tools.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "util/allocator_tuning.hpp"

#ifndef RECOND_VERSION
#define RECOND_VERSION "0.0.0"
#endif

namespace {

// One row per command: its name, the usage `recond CMD --help` prints, and what runs it.
// The overview below is made from the same rows, so the two never disagree.
struct Command {
  const char* name;
  const char* usage;  // the synopsis line(s), then what the command does
  int (*run)(const std::vector<std::string>& args);
};

const Command kCommands[] = {
    {"serve",
     "recond serve [--config FILE]\n"
     "  Runs the HTTP server. Database migrations are applied first; SIGTERM or Ctrl-C drains\n"
     "  in-flight requests, then stops.\n",
     &recon::cli::Serve},
    {"migrate",
     "recond migrate [--config FILE]\n"
     "  Applies the database migrations that are not applied yet, then exits.\n",
     &recon::cli::Migrate},
    {"parse",
     "recond parse FILE [--format F] [--profile NAME|FILE.json] [--config FILE]\n"
     "  Prints the statements of a statement file as JSON. The format is detected from the bytes\n"
     "  unless --format names it (camt, mt940, ofx, csv, zip, ...). --profile names a CSV profile:\n"
     "  a FILE.json, or a NAME looked up in csv_profiles_dir, then among the shipped profiles.\n"
     "  Exit status 2, with the place named on stderr, when the file cannot be read.\n",
     &recon::cli::Parse},
    {"match",
     "recond match --open-items ITEMS.json STATEMENT_FILE...\n"
     "  Matches the statements' lines against the open items offline, without a database, and\n"
     "  prints the decisions as JSON.\n",
     &recon::cli::Match},
    {"pull",
     "recond pull (--connection ID | --all) [--config FILE]\n"
     "  Pulls statements from bank connections now, as a crontab line or a systemd timer would;\n"
     "  exit status 1 when a pull failed.\n",
     &recon::cli::Pull},
    {"openapi",
     "recond openapi\n"
     "  Prints the OpenAPI 3 document of the REST API (the same as GET /v1/openapi.json).\n",
     &recon::cli::OpenApi},
};

constexpr const char* kConfigurationNote =
    "Configuration: a JSON file (--config) and RECOND_* environment variables, e.g.\n"
    "  RECOND_LISTEN=127.0.0.1:8080  RECOND_DATABASE_URL=postgresql://...  RECOND_DEV_TOKEN=...\n"
    "See README.md for every setting.\n";

std::string Overview() {
  std::string out = "recond - bank reconciliation server\n\nUsage:\n";
  for (const Command& c : kCommands) {
    const std::string usage = c.usage;
    out += "  " + usage.substr(0, usage.find('\n')) + "\n";
  }
  out += "  recond --help | --version\n  recond COMMAND --help\n\n";
  out += kConfigurationNote;
  return out;
}

bool AsksForHelp(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
}

}  // namespace

int main(int argc, char** argv) {
  recon::util::KeepFreedMemoryForReuse();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(Overview().c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? recon::cli::kExitBadInput : recon::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("recond %s\n", RECOND_VERSION);
    return recon::cli::kExitOk;
  }
  const std::string name = args[0];
  args.erase(args.begin());
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    if (AsksForHelp(args)) {
      const bool configured = std::string(c.usage).find("--config") != std::string::npos;
      std::printf("Usage: %s%s%s", c.usage, configured ? "\n" : "", configured ? kConfigurationNote : "");
      return recon::cli::kExitOk;
    }
    return c.run(args);
  }
  std::fprintf(stderr, "recond: unknown command '%s'\n\n%s", name.c_str(), Overview().c_str());
  return recon::cli::kExitBadInput;
}
