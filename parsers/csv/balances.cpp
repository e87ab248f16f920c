#include "parsers/csv/balances.hpp"

#include <optional>
#include <string>

namespace recon::csv {
namespace {

struct Outcome {
  bool computed = false;  // no overflow
  size_t mismatches = 0;
  size_t first_mismatch = 0;  // index (file order) of the first row that does not follow
  int64_t expected = 0;       // what that row's balance should have been
  int64_t opening = 0, closing = 0;
  size_t first = 0, last = 0;  // file indexes of the chronologically first and last rows
};

// Walks the rows in booking order under one reading of the balance column.
Outcome Evaluate(const Statement& st, const RunningBalance& running, BalanceKind kind, RowOrder order) {
  Outcome o;
  const size_t n = running.balances.size();
  auto at = [&](size_t k) { return order == RowOrder::kNewestFirst ? n - 1 - k : k; };  // k-th in booking order
  auto amount = [&](size_t i) { return st.lines[i].amount.minor; };
  o.first = at(0);
  o.last = at(n - 1);
  for (size_t k = 1; k < n; ++k) {
    const size_t prev = at(k - 1), cur = at(k);
    // After: balance[cur] = balance[prev] + amount[cur]. Before: balance[cur] = balance[prev] + amount[prev].
    const auto expected = CheckedAdd(running.balances[prev], amount(kind == BalanceKind::kAfter ? cur : prev));
    if (!expected) return o;
    if (*expected != running.balances[cur]) {
      if (o.mismatches++ == 0) {
        o.first_mismatch = cur;
        o.expected = *expected;
      }
    }
  }
  const std::optional<int64_t> opening = kind == BalanceKind::kAfter
                                             ? CheckedSub(running.balances[o.first], amount(o.first))
                                             : std::optional<int64_t>(running.balances[o.first]);
  const std::optional<int64_t> closing = kind == BalanceKind::kAfter
                                             ? std::optional<int64_t>(running.balances[o.last])
                                             : CheckedAdd(running.balances[o.last], amount(o.last));
  if (!opening || !closing) return o;
  o.opening = *opening;
  o.closing = *closing;
  o.computed = true;
  return o;
}

void Apply(Statement& st, const Outcome& o) {
  st.opening_balance = o.opening;
  st.closing_balance = o.closing;
  st.opening_date = st.lines[o.first].booking_date;
  st.closing_date = st.lines[o.last].booking_date;
}

}  // namespace

void ApplyRunningBalance(Statement& st, const RunningBalance& running, BalanceKind kind, RowOrder order,
                         std::string_view column_name) {
  if (running.balances.empty() || running.balances.size() != st.lines.size()) return;
  const auto currency = Currency::FromCode(st.currency);
  const int exponent = currency ? currency->exponent() : 2;
  const std::string column = "the balance column '" + std::string(column_name) + "'";
  if (order != RowOrder::kDetect) {
    const Outcome o = Evaluate(st, running, kind, order);
    if (!o.computed) {
      st.warnings.push_back(column + " overflows when added to the amounts; no balances were read from it");
      return;
    }
    Apply(st, o);
    if (o.mismatches > 0) {
      st.warnings.push_back(
          "line " + std::to_string(running.line_numbers[o.first_mismatch]) + ": " + column + " reads " +
          FormatMinorUnits(running.balances[o.first_mismatch], exponent) +
          ", but the balance before it and the amounts make " + FormatMinorUnits(o.expected, exponent) +
          (o.mismatches > 1 ? " (" + std::to_string(o.mismatches - 1) + " more rows do not follow)" : "") +
          "; are the rows in the order the profile says (row_order)?");
    }
    return;
  }
  // Automatic mode: accept a reading only when every row follows it and all such readings agree.
  std::optional<Outcome> chosen;
  bool disagree = false;
  for (BalanceKind k : {BalanceKind::kAfter, BalanceKind::kBefore}) {
    for (RowOrder r : {RowOrder::kOldestFirst, RowOrder::kNewestFirst}) {
      const Outcome o = Evaluate(st, running, k, r);
      if (!o.computed || o.mismatches > 0) continue;
      if (chosen && (chosen->opening != o.opening || chosen->closing != o.closing)) disagree = true;
      if (!chosen) chosen = o;
    }
  }
  if (!chosen) {
    st.warnings.push_back(column +
                          " does not follow the amounts in either row order; no opening or closing "
                          "balance was read (a profile can state the order)");
  } else if (disagree) {
    st.warnings.push_back(column +
                          " fits the amounts in more than one way (too few rows to tell the order); no "
                          "opening or closing balance was read");
  } else {
    Apply(st, *chosen);
  }
}

}  // namespace recon::csv
