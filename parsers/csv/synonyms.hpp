// Header names automatic mode recognises, per field of the common line, in English,
// German, Dutch, French, Spanish and the Nordic languages.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace recon::csv {

// The line fields automatic mode can map. The order is the order columns are claimed in:
// typed fields first, so that a text field never takes a date or amount column.
enum class Field {
  kBookingDate,
  kValueDate,
  kAmount,
  kDebit,
  kCredit,
  kBalance,
  kCurrency,
  kIndicator,
  kAccount,
  kCounterpartyAccount,
  kCounterpartyBic,
  kCounterpartyName,
  kEndToEndId,
  kStructuredReference,
  kBankReference,
  kBankTransactionCode,
  kRemittance,
};
inline constexpr int kFieldCount = static_cast<int>(Field::kRemittance) + 1;

// "booking date", "amount" ...: how messages name a field.
std::string_view FieldName(Field field);

// The rank of `folded` (FoldLoose of a header) as a name of `field`: 0 is the most
// specific name ("buchungstag"), higher is more generic ("datum"); nullopt when it is no
// name of the field. Automatic mode takes the best-ranked column and refuses a tie.
std::optional<int> SynonymRank(Field field, std::string_view folded);

// A few of the names, for "looked for ..." in refusals.
std::string_view SynonymExamples(Field field);

// Pairs of debit/credit indicator values ("D"/"C", "S"/"H", "Af"/"Bij" ...), folded.
struct IndicatorPair {
  std::string_view debit, credit;
};
std::span<const IndicatorPair> KnownIndicatorPairs();

}  // namespace recon::csv
