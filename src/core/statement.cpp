#include "recon/statement.hpp"

namespace recon {

void CheckBalances(Statement& statement) {
  if (!statement.opening_balance || !statement.closing_balance) return;
  const auto currency = Currency::FromCode(statement.currency);
  const int exponent = currency ? currency->exponent() : 2;
  int64_t sum = *statement.opening_balance;
  for (const StatementLine& line : statement.lines) {
    auto next = CheckedAdd(sum, line.amount.minor);
    if (!next) {
      statement.warnings.push_back("the lines' amounts overflow when added to the opening balance");
      return;
    }
    sum = *next;
  }
  if (sum != *statement.closing_balance) {
    statement.warnings.push_back("balance mismatch: opening " + FormatMinorUnits(*statement.opening_balance, exponent) +
                                 " + lines " + FormatMinorUnits(sum - *statement.opening_balance, exponent) + " = " +
                                 FormatMinorUnits(sum, exponent) + ", but the closing balance is " +
                                 FormatMinorUnits(*statement.closing_balance, exponent));
  }
}

}  // namespace recon
