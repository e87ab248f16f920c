// One file for every shipped CSV profile (config/csv-profiles), with what reading it gives:
// the API and the command-line tests both read each one. The files are written for the tests
// in each bank's layout (tests/fixtures/csv/shipped, and three older fixtures).
#pragma once

#include <string_view>
#include <vector>

namespace recon::testing {

struct ShippedProfileCase {
  const char* profile;
  const char* fixture;       // under tests/fixtures
  size_t statements;
  int lines;
  const char* currency;      // of the first statement
  const char* first_amount;  // of the first line stored (API) or printed (CLI)
};

inline const std::vector<ShippedProfileCase>& ShippedProfileCases() {
  static const std::vector<ShippedProfileCase> kCases = {
      {"adyen-settlement", "csv/adyen_settlement_fx.csv", 1, 4, "EUR", "115.20"},
      {"asn-nl", "csv/shipped/asn-nl.csv", 1, 3, "EUR", "23.45"},
      {"degiro-nl", "csv/shipped/degiro-nl.csv", 1, 3, "EUR", "0.19"},
      {"easybank-at", "csv/shipped/easybank-at.csv", 1, 3, "EUR", "1.23"},
      {"ing-de", "csv/ing_de_windows1252.csv", 1, 3, "EUR", "1050.00"},
      {"ing-diba-at", "csv/shipped/ing-diba-at.csv", 1, 3, "EUR", "12.23"},
      {"ing-nl", "csv/shipped/ing-nl.csv", 1, 3, "EUR", "1250.00"},
      {"knab-nl", "csv/shipped/knab-nl.csv", 1, 3, "EUR", "1827.75"},
      {"livebank-at", "csv/shipped/livebank-at.csv", 1, 3, "EUR", "150.00"},
      {"oberbank-at", "csv/shipped/oberbank-at.csv", 1, 3, "EUR", "-11.00"},
      {"paypal-en-gb", "csv/paypal_fees_en_gb.csv", 2, 4, "EUR", "1213.40"},
      {"paypal-en-us", "csv/shipped/paypal-en-us.csv", 1, 3, "USD", "1213.40"},
      {"paypal-es", "csv/shipped/paypal-es.csv", 1, 3, "EUR", "1213.40"},
      {"raiffeisen-at", "csv/shipped/raiffeisen-at.csv", 1, 3, "EUR", "0.58"},
  };
  return kCases;
}

}  // namespace recon::testing
