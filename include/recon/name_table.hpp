// Reading a name back into its value, for the enums whose names are a table (recon/status.hpp,
// recon/payer.hpp): the name function is the one table, and parsing walks it, so a name and
// its parse cannot disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace recon {

// The value of `all` whose `name` is `text`; nullopt when none has it.
template <class E, size_t N>
std::optional<E> FromName(const E (&all)[N], std::string_view (*name)(E), std::string_view text) {
  for (E value : all) {
    if (name(value) == text) return value;
  }
  return std::nullopt;
}

}  // namespace recon
