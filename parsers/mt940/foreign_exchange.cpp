#include "parsers/mt940/foreign_exchange.hpp"

#include <iterator>
#include <optional>
#include <string>

#include "parsers/common/exchange_rate.hpp"
#include "parsers/mt940/fields.hpp"
#include "parsers/mt940/text.hpp"

namespace recon::mt940 {
namespace {

// "EUR11,85" / "EUR/11,85" / "EUR 11,85" as unsigned Money; nullopt when it is not that.
std::optional<Money> CurrencyAmount(std::string_view value) {
  value = Trim(value);
  if (value.size() < 4) return std::nullopt;
  const auto currency = Currency::FromCode(value.substr(0, 3));
  if (!currency) return std::nullopt;
  std::string_view amount = value.substr(3);
  if (amount.front() == '/' || amount.front() == ' ') amount.remove_prefix(1);
  amount = Trim(amount);
  // The SWIFT amount form of :61: and the balances: digits and one decimal comma, no sign
  // (the line's D/C mark gives it), no grouping. The generic ParseMinorUnits would read a
  // trailing minus ("1,7-", found by fuzz_mt940) and a point as grouping ("1.850" as 1850).
  auto minor = ParseSwiftAmount(amount, currency->exponent());
  if (!minor) return std::nullopt;
  return Money{*minor, *currency};
}

}  // namespace

void SetOriginalAmount(std::string_view value, StatementLine& line) {
  if (line.details.Get().original_amount) return;
  auto money = CurrencyAmount(value);
  if (!money) return;
  if (line.amount.minor < 0) money->minor = -money->minor;
  LineDetails& details = line.details.Edit();
  details.original_amount = *money;
  details.original_currency = std::string(money->currency.code());
}

void SetCharges(std::string_view value, StatementLine& line) {
  if (line.details.Get().charges) return;
  if (auto money = CurrencyAmount(value)) line.details.Edit().charges = *money;
}

void SetExchangeRate(std::string_view value, StatementLine& line) {
  if (line.details.Get().exchange_rate) return;
  if (auto rate = parsers::NormalizeExchangeRate(value)) line.details.Edit().exchange_rate = std::move(*rate);
}

void MapExchangeCodes(std::string_view text, StatementLine& line) {
  // Each code is searched for once: supplementary details are short, and most have none.
  constexpr std::string_view kCodes[] = {"/OCMT/", "/CHGS/", "/EXCH/"};
  for (size_t k = 0; k < std::size(kCodes); ++k) {
    const size_t at = text.find(kCodes[k]);
    if (at == std::string_view::npos) continue;
    std::string_view value = text.substr(at + kCodes[k].size());
    // The value ends at the slash after the amount; "EUR/11,85" has one more inside.
    size_t end = value.find('/');
    if (end == 3 && k != 2) end = value.find('/', 4);
    value = value.substr(0, end);
    if (k == 0) SetOriginalAmount(value, line);
    else if (k == 1) SetCharges(value, line);
    else SetExchangeRate(value, line);
  }
}

}  // namespace recon::mt940
