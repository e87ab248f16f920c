// The query parameters that narrow the lists (GET /v1/lines, /v1/statements, /v1/matches),
// read and checked in one place so that every list names a bad one the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "recon/date.hpp"
#include "recon/error.hpp"
#include "server/http_types.hpp"

namespace recon::api {

// date_from / date_to, both inclusive, YYYY-MM-DD.
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

// q: words to find (case-insensitive) in a line's names, references and remittance text,
// taken literally; nullopt when not given.
inline constexpr size_t kTextQueryBytesMax = 200;
Result<std::optional<std::string>> TextQueryOf(const server::RequestContext& ctx);

}  // namespace recon::api
