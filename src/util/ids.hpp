// Public ids: a row id with a prefix that says what it names ("st_42", "ln_7").
// The prefix lets a person tell ids apart in logs; parsing refuses the wrong prefix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recon::util {

inline constexpr std::string_view kStatementPrefix = "st_";
inline constexpr std::string_view kLinePrefix = "ln_";
inline constexpr std::string_view kMatchPrefix = "mt_";
inline constexpr std::string_view kRunPrefix = "run_";
inline constexpr std::string_view kItemPrefix = "oi_";
inline constexpr std::string_view kUploadPrefix = "up_";
inline constexpr std::string_view kJobPrefix = "job_";
// Bank connections (src/bank_connections), named here too because an upload's receipt names the
// connection and pull it came from.
inline constexpr std::string_view kConnectionPrefix = "cn_";
inline constexpr std::string_view kPullPrefix = "pl_";
inline constexpr std::string_view kDeadLetterPrefix = "dl_";

std::string FormatId(std::string_view prefix, int64_t id);
// The row id, or nullopt when `text` is not `prefix` followed by a positive number.
std::optional<int64_t> ParseId(std::string_view prefix, std::string_view text);

}  // namespace recon::util
