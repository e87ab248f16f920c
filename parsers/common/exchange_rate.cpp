#include "parsers/common/exchange_rate.hpp"

#include "recon/ascii.hpp"

namespace recon::parsers {
std::optional<std::string> NormalizeExchangeRate(std::string_view text) {
  text = ascii::Trim(text);
  if (text.empty() || text.size() > kExchangeRateCharsMax) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  bool separator = false;
  bool non_zero = false;
  size_t digits = 0;
  for (char c : text) {
    if (ascii::IsDigit(c)) {
      ++digits;
      non_zero = non_zero || c != '0';
      out += c;
    } else if ((c == '.' || c == ',') && !separator && digits > 0) {
      separator = true;
      out += '.';
    } else {
      return std::nullopt;
    }
  }
  if (!non_zero) return std::nullopt;
  // "1." is a whole rate written with its separator (MT940 amounts end so): no fraction.
  if (out.back() == '.') out.pop_back();
  return out;
}

}  // namespace recon::parsers
