// Points in time as ISO 8601 text in UTC, the one form recond writes them in (answers, logs,
// a certificate's expiry). Pure and thread-safe: the caller reads the clock, not this.
// Formatting in SQL (to_char in the stores) writes the same form; see the stores.
#pragma once

#include <chrono>
#include <string>

namespace recon {

// "2026-03-01T09:30:00Z": whole seconds.
std::string FormatUtcSeconds(std::chrono::sys_seconds t);

// "2026-03-01T09:30:00.250Z": with milliseconds, for log lines.
std::string FormatUtcMillis(std::chrono::sys_time<std::chrono::milliseconds> t);

}  // namespace recon
