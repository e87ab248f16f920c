// A booked Berlin Group transaction in EUR as the mock bank serves it, shared by the connector
// tests and the connection API suites.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace recon::testing {

// An empty id leaves transactionId out (a bank that sends none).
inline nlohmann::json BankTransaction(const std::string& id, const std::string& amount, const std::string& date) {
  nlohmann::json tx = {{"bookingDate", date},
                       {"valueDate", date},
                       {"transactionAmount", {{"amount", amount}, {"currency", "EUR"}}},
                       {"remittanceInformationUnstructured", "invoice " + id}};
  if (!id.empty()) tx["transactionId"] = id;
  return tx;
}

}  // namespace recon::testing
