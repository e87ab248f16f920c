// recond: the bank-reconciliation server and its command-line tools.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "connections/routes.hpp"
#include "util/allocator_tuning.hpp"

#ifndef RECOND_VERSION
#define RECOND_VERSION "0.0.0"
#endif

namespace {

constexpr const char* kUsage = R"(recond - bank reconciliation server

Usage:
  recond serve   [--config FILE]          run the HTTP server (migrations are applied first)
  recond migrate [--config FILE]          apply database migrations and exit
  recond parse FILE [--format F] [--profile NAME|FILE.json] [--config FILE]
                                          print the statements of a file as JSON
                                          (exit 2 naming the place when it cannot be read);
                                          a profile NAME is looked up in csv_profiles_dir,
                                          then among the shipped profiles
  recond match --open-items ITEMS.json STATEMENT_FILE...
                                          match offline, without a database; print decisions as JSON
  recond pull [--connection ID | --all] [--config FILE]
                                          pull statements from bank connections now (for cron)
  recond --help | --version

Configuration: a JSON file (--config) and RECOND_* environment variables, e.g.
  RECOND_LISTEN=127.0.0.1:8080  RECOND_DATABASE_URL=postgresql://...  RECOND_DEV_TOKEN=...
See README.md for every setting.
)";

}  // namespace

int main(int argc, char** argv) {
  recon::util::KeepFreedMemoryForReuse();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? recon::cli::kExitBadInput : recon::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("recond %s\n", RECOND_VERSION);
    return recon::cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return recon::cli::Serve(args);
  if (command == "migrate") return recon::cli::Migrate(args);
  if (command == "parse") return recon::cli::Parse(args);
  if (command == "match") return recon::cli::Match(args);
  if (command == "pull") return recon::connections::PullCommand(args);
  std::fprintf(stderr, "recond: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return recon::cli::kExitBadInput;
}
