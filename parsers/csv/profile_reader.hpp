// The profile reader shared by profile.cpp (the file, its dialect and rows) and
// profile_columns.cpp (column references). Internal to parsers/csv.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/profile.hpp"
#include "parsers/csv/text.hpp"

namespace recon::csv::profile_json {

using Json = nlohmann::json;

// Which forms a column reference may take for a given field.
enum Allow : unsigned {
  kAllowHeader = 1,
  kAllowIndex = 2,
  kAllowValue = 4,
  kAllowPreamble = 8,
  kAllowToEnd = 16,
  kAllowOptional = 32,
  kAllowSided = 64,
};
inline constexpr unsigned kColumn = kAllowHeader | kAllowIndex;
inline constexpr unsigned kOptionalColumn = kColumn | kAllowOptional;

// A value for a message. Lists and objects are named, not printed: dumping them recurses
// as deep as they nest.
std::string Show(const Json& j);

// Reads one profile; every refusal is kInvalidRequest naming the field. Stateless apart
// from the profile's name.
class ProfileReader {
 public:
  explicit ProfileReader(std::string_view name) : name_(SanitizeUtf8(name)) {}

  // The refusal for `field`: "CSV profile 'NAME': FIELD WHY", located at the field.
  Error Fail(const std::string& field, const std::string& why) const;
  // Refuses a key of `object` that is not in `known` (a typo must not pass silently).
  Status CheckKeys(const Json& object, const std::string& where, std::initializer_list<std::string_view> known) const;
  // A string-valued choice among `choices`; `fallback` when the key is absent (nullopt: required).
  Result<std::string> Choice(const Json& object, const std::string& key,
                             std::initializer_list<std::string_view> choices,
                             std::optional<std::string_view> fallback) const;
  // A boolean; false when absent.
  Result<bool> Flag(const Json& object, const std::string& key, const std::string& where = "") const;
  // A whole number from 0 to `max`; 0 when absent.
  Result<size_t> Count(const Json& object, const std::string& key, size_t max) const;

  // A column reference in any of the forms `allow` permits.
  Result<ColumnRef> Column(const Json& j, const std::string& field, unsigned allow) const;
  Status HeaderNames(const Json& names, const std::string& field, ColumnRef& ref) const;
  Status ColumnOptions(const Json& j, const std::string& field, unsigned allow, ColumnRef& ref) const;
  Result<SidedRef> Sided(const Json& j, const std::string& field) const;
  Result<Indicator> ReadIndicator(const Json& j) const;
  // A column or a list of 1 to `max` columns, appended to `out` ("field[i]" in messages).
  Status ColumnList(const Json& j, const std::string& field, size_t max, unsigned allow,
                    std::vector<ColumnRef>& out) const;
  Status OriginalAmount(const Json& j, Columns& c) const;
  Result<std::vector<std::string>> Values(const Json& j, const std::string& field) const;
  Status ReadColumns(const Json& root, Profile& p) const;
  Status ReadDialect(const Json& root, Profile& p) const;
  Status ReadRows(const Json& root, Profile& p) const;
  Status CheckColumns(const Json& root, const Profile& p) const;

 private:
  std::string name_;
};

}  // namespace recon::csv::profile_json
