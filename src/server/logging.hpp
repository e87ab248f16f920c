// spdlog set-up: one JSON object per line when stderr is not a terminal (or when asked),
// human-readable lines in a terminal. The JSON is built with nlohmann_json because
// spdlog's pattern formatter does not escape.
#pragma once

#include <string>

namespace recon::server {

// format: "auto", "json" or "text"; level: spdlog level name ("info", "debug" ...).
void SetupLogging(const std::string& format, const std::string& level);

}  // namespace recon::server
