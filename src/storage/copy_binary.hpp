// One row into a table by binary COPY, with a large value streamed from where it already is.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "storage/pg.hpp"

namespace recon::storage {

// A field of a binary COPY row: SQL NULL, a bigint, or bytes (text in the server's
// encoding, or bytea). Bytes are referred to, not copied.
struct CopyField {
  enum class Kind { kNull, kInt64, kBytes };
  Kind kind = Kind::kNull;
  int64_t number = 0;
  std::string_view bytes;

  static CopyField Null() { return {}; }
  static CopyField Int64(int64_t v) { return {Kind::kInt64, v, {}}; }
  static CopyField Bytes(std::string_view v) { return {Kind::kBytes, 0, v}; }
};

// Writes one row with `copy_sql` ("COPY t (a, b, …) FROM STDIN (FORMAT binary)"), the
// fields in its column order. Large bytes go to the server in pieces of at most
// kCopyPieceBytes straight from their buffer: a 500 MB statement file is not copied into
// one libpq message (whose buffer libpq keeps for the connection's life) nor anywhere else.
Status CopyOneRow(PgConnection& conn, const Sql& copy_sql, const std::vector<CopyField>& fields);

inline constexpr size_t kCopyPieceBytes = size_t{1} << 20;

}  // namespace recon::storage
