// Opening and closing balances from a running balance column.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/csv/profile.hpp"
#include "recon/statement.hpp"

namespace recon::csv {

// The balance cells of one statement's lines, in file order, with the lines' file line numbers.
struct RunningBalance {
  std::vector<int64_t> balances;
  std::vector<size_t> line_numbers;
};

// Sets the statement's opening and closing balances (and dates) from its running balance.
//
// In the order the bank booked them (the file's order, or its reverse for newest_first),
// a balance after the amount gives opening = first balance - first amount and closing =
// last balance; a balance before it gives opening = first balance and closing = last
// balance + last amount. Each row is also checked against the one before it; the first
// row that does not follow becomes a warning naming its line (never a failure).
// RowOrder::kDetect tries both kinds and both orders and uses the one every row agrees
// with; when none or several disagreeing ones fit, no balance is set and a warning says why.
void ApplyRunningBalance(Statement& statement, const RunningBalance& running, BalanceKind kind, RowOrder order,
                         std::string_view column_name);

}  // namespace recon::csv
