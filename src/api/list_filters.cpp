#include "api/list_filters.hpp"

#include <cctype>

namespace recon::api {

Error BadParameter(const std::string& name, const std::string& what) {
  return MakeError(ErrorCode::kInvalidRequest, "query parameter " + name + " " + what, name);
}

Error UnknownStatus(std::span<const std::string_view> names, StatusLocation location) {
  std::string detail = "status must be ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) detail += i + 1 == names.size() ? " or " : ", ";
    detail += names[i];
  }
  return MakeError(ErrorCode::kInvalidRequest, detail, location == StatusLocation::kParameter ? "status" : "");
}

Result<std::optional<std::string>> TextParameter(const server::RequestContext& ctx, const std::string& name) {
  auto value = ctx.Query(name);
  if (!value) return std::optional<std::string>();
  if (value->empty()) return BadParameter(name, "must not be empty");
  if (value->size() > kTextQueryBytesMax) {
    return BadParameter(name, "must be at most " + std::to_string(kTextQueryBytesMax) + " bytes");
  }
  return value;
}

Result<std::optional<Date>> DateParameter(const server::RequestContext& ctx, const std::string& name) {
  auto text = ctx.Query(name);
  if (!text) return std::optional<Date>();
  auto date = Date::ParseIso(*text);
  if (!date) return BadParameter(name, "must be a date such as 2026-11-19, not '" + *text + "'");
  return std::optional<Date>(*date);
}

Result<std::optional<Currency>> CurrencyParameter(const server::RequestContext& ctx) {
  auto code = ctx.Query("currency");
  if (!code) return std::optional<Currency>();
  std::string upper = *code;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto currency = Currency::FromCode(upper);
  if (!currency) return BadParameter("currency", "must be an ISO 4217 code such as EUR, not '" + *code + "'");
  return currency;
}

Result<std::optional<int64_t>> AmountParameter(const server::RequestContext& ctx, const std::string& name,
                                               int exponent) {
  auto text = ctx.Query(name);
  if (!text) return std::optional<int64_t>();
  auto minor = ParseMinorUnits(*text, exponent, DecimalSeparator::kPoint);
  if (!minor) {
    return BadParameter(name, "must be a decimal amount such as 1250.00 (at most " + std::to_string(exponent) +
                                  " decimals), not '" + *text + "'");
  }
  return std::optional<int64_t>(*minor);
}

Result<DateRange> DateRangeOf(const server::RequestContext& ctx) {
  auto from = DateParameter(ctx, "date_from");
  if (!from) return from.take_error();
  auto to = DateParameter(ctx, "date_to");
  if (!to) return to.take_error();
  if (*from && *to && **to < **from) {
    std::string why = "is before date_from: ";
    why.append((*to)->ToIso()).append(" < ").append((*from)->ToIso());
    return BadParameter("date_to", why);
  }
  return DateRange{*from, *to};
}

Result<AmountRange> AmountRangeOf(const server::RequestContext& ctx) {
  auto currency = CurrencyParameter(ctx);
  if (!currency) return currency.take_error();
  AmountRange range;
  for (const char* name : {"amount_min", "amount_max"}) {
    if (ctx.Query(name) && !*currency) {
      return BadParameter(name, "needs the currency parameter too, to know the amount's minor units");
    }
  }
  if (!*currency) return range;
  range.currency = std::string((*currency)->code());
  auto min = AmountParameter(ctx, "amount_min", (*currency)->exponent());
  if (!min) return min.take_error();
  auto max = AmountParameter(ctx, "amount_max", (*currency)->exponent());
  if (!max) return max.take_error();
  range.min = *min;
  range.max = *max;
  if (range.min && range.max && *range.max < *range.min) return BadParameter("amount_max", "is below amount_min");
  return range;
}

}  // namespace recon::api
