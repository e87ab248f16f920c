// The body of POST /v1/connections for a berlin-group connection to a mock bank, shared by
// the connection suites; each adds what it tests (budget, schedule) on top.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "mock_bank/mock_bank.hpp"

namespace recon::testing {

// Retries with a 1 ms backoff so that failure tests stay fast.
inline nlohmann::json BerlinGroupConnection(const MockBank& bank, const std::string& name, int attempts_max,
                                            const std::string& client_secret) {
  return {{"name", name},
          {"type", "berlin-group"},
          {"settings",
           {{"base_url", bank.base_url()},
            {"token_url", bank.base_url() + "/token"},
            {"client_id", "recond"},
            {"consent_id", "c-1"},
            {"date_from", "2026-01-01"},
            {"attempts_max", attempts_max},
            {"backoff_base_ms", 1}}},
          {"secrets", {{"client_secret", client_secret}}}};
}

}  // namespace recon::testing
