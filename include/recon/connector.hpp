// The interface every bank connector type sits behind: fetch what is new since a cursor.
#pragma once

#include <string>
#include <vector>

#include "recon/error.hpp"

namespace recon {

// A statement file a connector brought in, to be handed to the parsers.
struct FetchedFile {
  std::string name;    // the source's name for it, for logs and audit only
  std::string bytes;
};

struct FetchResult {
  std::vector<FetchedFile> files;
  std::string next_cursor;  // where the next fetch resumes; stored only after the files are stored
};

// A configured connection of one type. Implementations may do I/O; they hold no global state.
// Errors: kUnavailable (the source cannot be reached; retry later), kInvalidRequest (the
// connection's settings are wrong), kLimitExceeded (a file beyond a limit).
class Connector {
 public:
  virtual ~Connector() = default;
  // Everything new after `cursor` ("" = from the beginning).
  virtual Result<FetchResult> Fetch(const std::string& cursor) = 0;
};

}  // namespace recon
