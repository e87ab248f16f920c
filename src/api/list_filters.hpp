// The query parameters that narrow the lists (GET /v1/lines, /v1/statements, /v1/matches,
// /v1/open-items), read and checked in one place so that every list names a bad one the
// same way: a 400 problem whose detail and location name the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recon/date.hpp"
#include "recon/error.hpp"
#include "recon/money.hpp"
#include "recon/name_table.hpp"
#include "server/http_types.hpp"

namespace recon::api {

inline constexpr size_t kTextQueryBytesMax = 200;

// "query parameter NAME WHAT", located at NAME.
Error BadParameter(const std::string& name, const std::string& what);

// Words to find, taken literally: present, not empty, at most kTextQueryBytesMax bytes.
Result<std::optional<std::string>> TextParameter(const server::RequestContext& ctx, const std::string& name);
// YYYY-MM-DD.
Result<std::optional<Date>> DateParameter(const server::RequestContext& ctx, const std::string& name);
// currency: an ISO 4217 code recond knows, in any case.
Result<std::optional<Currency>> CurrencyParameter(const server::RequestContext& ctx);
// A signed decimal with at most `exponent` decimals, as minor units.
Result<std::optional<int64_t>> AmountParameter(const server::RequestContext& ctx, const std::string& name,
                                               int exponent);

// date_from / date_to, both inclusive.
struct DateRange {
  std::optional<Date> from;
  std::optional<Date> to;
};
Result<DateRange> DateRangeOf(const server::RequestContext& ctx);

// currency, amount_min / amount_max (inclusive, signed decimals in that currency). An
// amount needs its currency: "10.5" is 1050 minor units of EUR but 10500 of BHD.
struct AmountRange {
  std::optional<std::string> currency;
  std::optional<int64_t> min;  // minor units
  std::optional<int64_t> max;
};
Result<AmountRange> AmountRangeOf(const server::RequestContext& ctx);

// Where the refusal of an unknown status puts its location. The lists answered so before this
// helper existed, and their answers stay as they were: GET /v1/statements and /v1/jobs name
// the parameter ("status"), GET /v1/lines and /v1/matches leave the location empty.
enum class StatusLocation { kParameter, kNone };

// The refusal of an unknown status: kInvalidRequest "status must be a, b, c or d", the names
// in the order given.
Error UnknownStatus(std::span<const std::string_view> names, StatusLocation location);

// status: one of `all`, by its `name` (the enum's name table, e.g. kAllLineStatuses and
// LineStatusName); nullopt when the request has none. Any other text, the empty one too, is
// refused by UnknownStatus with every name of `all`.
template <class X, size_t N>
Result<std::optional<X>> StatusParameter(const server::RequestContext& ctx, const X (&all)[N],
                                         std::string_view (*name)(X), StatusLocation location) {
  const auto text = ctx.Query("status");
  if (!text) return std::optional<X>();
  if (auto value = FromName(all, name, *text)) return value;
  std::vector<std::string_view> names;
  for (X value : all) names.push_back(name(value));
  return UnknownStatus(names, location);
}

// q: words to find (case-insensitive) in a line's names, references and remittance text.
inline Result<std::optional<std::string>> TextQueryOf(const server::RequestContext& ctx) {
  return TextParameter(ctx, "q");
}

}  // namespace recon::api
