#include "api/list_filters.hpp"

#include "recon/money.hpp"

namespace recon::api {
namespace {

Error Bad(const std::string& parameter, const std::string& why) {
  return MakeError(ErrorCode::kInvalidRequest, "query parameter " + parameter + ": " + why, parameter);
}

Result<std::optional<Date>> DateParameter(const server::RequestContext& ctx, const std::string& name) {
  auto text = ctx.Query(name);
  if (!text) return std::optional<Date>();
  auto date = Date::ParseIso(*text);
  if (!date) return Bad(name, "'" + *text + "' is not a date (YYYY-MM-DD)");
  return std::optional<Date>(*date);
}

Result<std::optional<int64_t>> AmountParameter(const server::RequestContext& ctx, const std::string& name,
                                               const std::optional<Currency>& currency) {
  auto text = ctx.Query(name);
  if (!text) return std::optional<int64_t>();
  if (!currency) return Bad(name, "needs the currency parameter too, to know the amount's minor units");
  auto minor = ParseMinorUnits(*text, currency->exponent(), DecimalSeparator::kPoint);
  if (!minor) return Bad(name, "'" + *text + "' is not an amount in " + std::string(currency->code()) + ": " +
                                   minor.error().message);
  return std::optional<int64_t>(*minor);
}

}  // namespace

Result<DateRange> DateRangeOf(const server::RequestContext& ctx) {
  DateRange range;
  auto from = DateParameter(ctx, "date_from");
  if (!from) return from.take_error();
  auto to = DateParameter(ctx, "date_to");
  if (!to) return to.take_error();
  range.from = *from;
  range.to = *to;
  if (range.from && range.to && *range.to < *range.from) {
    return Bad("date_to", range.to->ToIso() + " is before date_from " + range.from->ToIso());
  }
  return range;
}

Result<AmountRange> AmountRangeOf(const server::RequestContext& ctx) {
  AmountRange range;
  std::optional<Currency> currency;
  if (auto code = ctx.Query("currency")) {
    currency = Currency::FromCode(*code);
    if (!currency) return Bad("currency", "'" + *code + "' is not an ISO 4217 currency code recond knows");
    range.currency = *code;
  }
  auto min = AmountParameter(ctx, "amount_min", currency);
  if (!min) return min.take_error();
  auto max = AmountParameter(ctx, "amount_max", currency);
  if (!max) return max.take_error();
  range.min = *min;
  range.max = *max;
  if (range.min && range.max && *range.max < *range.min) {
    return Bad("amount_max", "is smaller than amount_min");
  }
  return range;
}

Result<std::optional<std::string>> TextQueryOf(const server::RequestContext& ctx) {
  auto text = ctx.Query("q");
  if (!text) return std::optional<std::string>();
  if (text->empty()) return Bad("q", "is empty");
  if (text->size() > kTextQueryBytesMax) {
    return Bad("q", "is longer than " + std::to_string(kTextQueryBytesMax) + " bytes");
  }
  return text;
}

}  // namespace recon::api
