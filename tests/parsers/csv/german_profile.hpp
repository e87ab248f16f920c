// The text of a ';'-separated German-style CSV profile for tests: UTF-8, decimal comma,
// '.' grouping, DD.MM.YYYY dates. `columns` is the inside of the "columns" object; `top`
// adds or overrides top-level fields.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace recon::testing {

// The fields of `top` replace those of the base (a profile that names a field twice is
// refused, so the override is made here, not left to JSON's last-one-wins).
inline std::string GermanProfile(const std::string& columns, const std::string& top = "") {
  nlohmann::json profile = nlohmann::json::parse(
      R"({"encoding": "utf-8", "delimiter": ";", "decimal_separator": ",", "thousands_separator": ".",
          "date_formats": ["DD.MM.YYYY"]})");
  if (!top.empty()) profile.update(nlohmann::json::parse("{" + top + "}"));
  // "columns" is spliced in as text: tests give malformed columns on purpose.
  std::string text = profile.dump();
  text.pop_back();
  return text + R"(, "columns": {)" + columns + "}}";
}

}  // namespace recon::testing
