// The recond command line: each command is a function from arguments to an exit status.
#pragma once

#include <string>
#include <vector>

namespace recon::cli {

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;    // a runtime failure (database, port, configuration)
inline constexpr int kExitBadInput = 2;   // the input given cannot be read (a file, an argument)

int Serve(const std::vector<std::string>& args);
int Migrate(const std::vector<std::string>& args);
int Parse(const std::vector<std::string>& args);
int Match(const std::vector<std::string>& args);
// `recond pull (--connection ID | --all) [--config FILE]`: pulls bank connections now.
int Pull(const std::vector<std::string>& args);
// Prints the OpenAPI document (the same as GET /v1/openapi.json).
int OpenApi(const std::vector<std::string>& args);

// Reads a whole file; false (and a message on stderr) when it cannot.
bool ReadFile(const std::string& path, std::string& out);
// The value after `flag` in args ("--config FILE"), or "" when absent.
std::string FlagValue(const std::vector<std::string>& args, const std::string& flag);

}  // namespace recon::cli
