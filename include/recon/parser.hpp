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

  // ZIP archives (parsers/zip/, docs/parsers/zip.md): the guards against decompression
  // bombs, each counted on the bytes actually inflated, never on declared sizes.
  size_t archive_inflated_bytes_max = size_t{1} << 30;  // every byte inflated for one parse, over
                                                        // all nesting levels: 1 GiB, 1 MiB .. 64 GiB
  size_t archive_ratio_max = 100;      // inflated / compressed bytes of each entry and of each
                                       // archive as a whole; 2 .. 1100
  size_t archive_entries_max = 1000;   // entries of one archive, directories included; 1 .. 100,000
  size_t archive_nesting_max = 0;      // archives inside archives: 0 = refused; at most 3
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
