// One data row -> one common statement line, by a bound profile.
#pragma once

#include <optional>
#include <string>

#include "parsers/csv/layout.hpp"
#include "parsers/csv/number.hpp"
#include "parsers/csv/profile.hpp"
#include "parsers/csv/reader.hpp"
#include "recon/statement.hpp"

namespace recon::csv {

struct MappedRow {
  StatementLine line;
  std::optional<int64_t> balance;  // the running balance cell, minor units
  std::string statement_id;
  bool skipped = false;  // no amount at all, and the profile says to skip such rows
};

// Maps rows; holds references to the profile and layout, which must outlive it.
// Not thread-safe (it caches the last currency); one mapper per parse.
class LineMapper {
 public:
  LineMapper(const Profile& profile, const Layout& layout);

  // Maps one non-blank data row into `out`. The checks run in this order, and the first
  // failure is the answer (kMalformedFile, located "line N, column C 'Header'"): row width,
  // no amount at all (skipped when the profile says so), currency, amount (with its indicator or its debit/credit
  // pair), booking date, value date, balance, then the line details: original currency, original amount,
  // exchange rate, charges currency, charges. Text fields cannot fail: they are trimmed, and empty means absent.
  Status Map(const Row& row, MappedRow& out) const;

  // True when the row's booking date cell holds a date: a row that has one is a
  // transaction, whatever else is wrong with it, and is never skipped as a footer.
  bool HasBookingDate(const Row& row) const;

 private:
  std::string_view Cell(const Row& row, const Bound& bound) const;
  std::optional<std::string> Text(const Row& row, const Bound& bound) const;
  std::optional<std::string> SidedText(const Row& row, const SidedBound& bound, bool credit) const;
  Error CellError(const Row& row, const Bound& bound, std::string message) const;
  Status CheckWidth(const Row& row) const;
  Result<Currency> ReadCurrency(const Row& row) const;
  // The currency of an ISO 4217 code cell (any case); nullopt when the cell is empty. The
  // line's currency and the original and charges currencies share its one-entry cache.
  Result<std::optional<Currency>> ReadCode(const Row& row, const Bound& bound) const;
  // -minor, or an error quoting the cell at `bound` when minor is the one value without a negative.
  Result<int64_t> Negate(const Row& row, const Bound& bound, int64_t minor) const;
  Result<std::optional<Amount>> ReadNumber(const Row& row, const Bound& bound, int exponent) const;
  // A debit and a credit column read as one signed amount; nullopt when both are empty.
  Result<std::optional<int64_t>> ReadDebitCredit(const Row& row, const Bound& debit, const Bound& credit,
                                                 int exponent) const;
  // The size of `amount` (read from `bound`) with the direction of the row's indicator.
  Result<int64_t> ApplyIndicator(const Row& row, const Bound& bound, const Amount& amount) const;
  Status ReadAmount(const Row& row, int exponent, MappedRow& out) const;
  Result<std::optional<Date>> ReadDate(const Row& row, const Bound& bound, bool required) const;
  // Line details (mapper_details.cpp): read after the line's own amount, whose sign and
  // currency they are checked against.
  Status ReadDetails(const Row& row, StatementLine& line) const;
  Status ReadOriginal(const Row& row, const StatementLine& line, LineDetails& d) const;
  Status ReadExchangeRate(const Row& row, LineDetails& d) const;
  Status ReadCharges(const Row& row, const StatementLine& line, LineDetails& d) const;

  const Profile& profile_;
  const Layout& layout_;
  const Binding& b_;
  bool maps_details_ = false;  // the profile maps at least one line detail column
  // The last currency cell read and its currency: most files hold one currency, and
  // the lookup would otherwise run once per row.
  mutable std::string last_currency_text_;
  mutable std::optional<Currency> last_currency_;
};

}  // namespace recon::csv
