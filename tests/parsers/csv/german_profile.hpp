// The text of a ';'-separated German-style CSV profile for tests: UTF-8, decimal comma,
// '.' grouping, DD.MM.YYYY dates. `columns` is the inside of the "columns" object; `top`
// adds or overrides top-level fields.
#pragma once

#include <string>

namespace recon::testing {

inline std::string GermanProfile(const std::string& columns, const std::string& top = "") {
  return R"({"encoding": "utf-8", "delimiter": ";", "decimal_separator": ",", "thousands_separator": ".",
             "date_formats": ["DD.MM.YYYY"])" +
         (top.empty() ? "" : ", " + top) + R"(, "columns": {)" + columns + "}}";
}

}  // namespace recon::testing
