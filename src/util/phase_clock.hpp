// Times the phases of a long operation for its log line ("load 890 ms, match 228 ms, ...").
#pragma once

#include <chrono>
#include <cstdint>

namespace recon::util {

// Milliseconds since the last lap (or since construction).
class PhaseClock {
 public:
  int64_t Lap() {
    const auto now = std::chrono::steady_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count();
    last_ = now;
    return ms;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace recon::util
