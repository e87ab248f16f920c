// JSON from outside recond (request bodies, NDJSON lines, bank answers, CSV profiles, files
// a person hands the CLI), parsed with its limits checked before a value is built.
//
// nlohmann_json parses without recursion and destroys without recursion, but copying a
// value recurses once per level: a body nested a million levels deep (2 MB of '[') parsed
// fine and then overflowed the stack of the thread that copied it. Every outside document
// therefore goes through ParseJson, which refuses one nested deeper than `depth_max` before
// the parser sees it, so no value recond holds is ever deeper than that.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "recon/error.hpp"

namespace recon {

inline constexpr size_t kJsonDepthMaxDefault = 32;                 // json_depth_max
inline constexpr size_t kJsonBytesMaxDefault = size_t{4} << 20;    // json_bytes_max: 4 MiB
inline constexpr size_t kJsonBytesUnlimited = SIZE_MAX;            // for a caller that bounded the bytes already

struct JsonLimits {
  size_t depth_max = kJsonDepthMaxDefault;   // arrays and objects inside one another; 1 = a flat array or object
  size_t bytes_max = kJsonBytesMaxDefault;   // the document's length in bytes
};

// For JSON whose length its reader bounded already (a bank's answer within the HTTP client's
// response_bytes_max, a file the CLI was given): the default depth, any length.
inline constexpr JsonLimits kJsonAnyLength{kJsonDepthMaxDefault, kJsonBytesUnlimited};

// Where `text` first nests arrays and objects deeper than `depth_max`: the 1-based position of
// the '[' or '{' that goes one level too deep, counted outside strings. nullopt when it never
// does. A cheap scan of the bytes that works on any input, JSON or not; it builds nothing.
std::optional<size_t> JsonTooDeepAt(std::string_view text, size_t depth_max);

// Parses `text` as one JSON document. `what` names it in messages ("the body", "line 3").
//   kPayloadTooLarge   longer than limits.bytes_max (the message names json_bytes_max)
//   kInvalidRequest    deeper than limits.depth_max (names json_depth_max; location "byte N"),
//                      or not JSON, or not UTF-8 (location "byte N" where the parser stopped)
// Throws nothing for any input (only std::bad_alloc when memory runs out). Thread-safe.
Result<nlohmann::json> ParseJson(std::string_view text, const JsonLimits& limits, std::string_view what);

}  // namespace recon
