#include "util/ids.hpp"

#include <charconv>

namespace recon::util {

std::string FormatId(std::string_view prefix, int64_t id) { return std::string(prefix) + std::to_string(id); }

std::optional<int64_t> ParseId(std::string_view prefix, std::string_view text) {
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace recon::util
