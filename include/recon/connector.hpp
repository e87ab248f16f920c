// The interface every bank connector type sits behind: fetch what is new since a cursor.
#pragma once

#include <string>
#include <vector>

#include "recon/error.hpp"
#include "recon/statement.hpp"

namespace recon {

// A statement file a connector brought in, to be handed to the parsers.
struct FetchedFile {
  std::string name;    // the source's name for it, for logs and audit only
  std::string bytes;
};

struct FetchResult {
  std::vector<FetchedFile> files;
  // Statements a JSON API delivered record by record (berlin-group). Every line carries a
  // bank_reference unique per account: the bank's transactionId, or a synthetic "syn:<sha256>"
  // id from the line's content. The daemon stores them like a parsed file.
  std::vector<Statement> statements;
  std::string next_cursor;  // where the next fetch resumes; stored only after the files are stored
};

// A configured connection of one type. Implementations may do I/O; they hold no global state.
// Errors: kUnavailable (the source cannot be reached; retry later), kInvalidRequest (the
// connection's settings are wrong), kLimitExceeded (a file beyond a limit), kUnauthorized (the
// bank refuses recond's credentials) and kForbidden (the bank's consent expired: a person must
// renew it; never retried).
class Connector {
 public:
  virtual ~Connector() = default;
  // Everything new after `cursor` ("" = from the beginning).
  virtual Result<FetchResult> Fetch(const std::string& cursor) = 0;
};

}  // namespace recon
