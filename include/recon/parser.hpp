// The one interface every statement format sits behind.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "recon/error.hpp"
#include "recon/statement.hpp"

namespace recon {

// Limits and choices for one parse. Every limit has a default that suits real bank files.
struct ParseOptions {
  std::string format;                      // "" = detect from the bytes; else "camt", "mt940", ...
  std::string csv_profile;                 // the CSV profile's name, when the format is CSV (for messages)
  std::string csv_profile_json;            // the profile itself (config/csv-profiles/NAME.json), read by
                                           // the caller: parsers never open files; "" = automatic mode
  bool include_pending = false;            // also entries that are not booked (camt PDNG/INFO)
  size_t file_bytes_max = 256u << 20;      // 256 MiB
  size_t xml_depth_max = 64;               // nesting of XML elements
  size_t xml_elements_max = 50'000'000;    // elements in one XML document
  size_t statement_lines_max = 2'000'000;  // lines in one file, over all its statements
};

// Parses bytes of one statement file.
//
// Returns every statement of the file, or an Error with code kUnsupportedFormat (not a
// format recond reads), kMalformedFile (the place and what was expected in `location`
// and `message`) or kLimitExceeded. A file that fails yields no partial result.
// Thread-safe: parsers hold no state between calls.
class Parser {
 public:
  virtual ~Parser() = default;
  virtual Result<ParsedFile> Parse(std::string_view bytes, const ParseOptions& options) const = 0;
};

}  // namespace recon
