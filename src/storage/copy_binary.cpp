#include "storage/copy_binary.hpp"

#include <limits>
#include <string>

namespace recon::storage {
namespace {

// PostgreSQL's binary COPY: a signature, flags and header-extension length, then per row a
// field count and each field as a length (-1 for NULL) and its bytes, then -1 as trailer.
constexpr std::string_view kSignature{"PGCOPY\n\377\r\n\0", 11};

void AppendBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

}  // namespace

Status CopyOneRow(PgConnection& conn, const Sql& copy_sql, const std::vector<CopyField>& fields) {
  if (Status s = conn.CopyBegin(copy_sql); !s) return s;
  std::string head(kSignature);
  AppendBigEndian(head, 0, 4);  // flags
  AppendBigEndian(head, 0, 4);  // header extension length
  AppendBigEndian(head, fields.size(), 2);
  for (const CopyField& f : fields) {
    switch (f.kind) {
      case CopyField::Kind::kNull:
        AppendBigEndian(head, 0xffffffffu, 4);
        break;
      case CopyField::Kind::kInt64:
        AppendBigEndian(head, 8, 4);
        AppendBigEndian(head, static_cast<uint64_t>(f.number), 8);
        break;
      case CopyField::Kind::kBytes: {
        if (f.bytes.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
          (void)conn.CopyEnd();
          return MakeError(ErrorCode::kPayloadTooLarge, "a value of " + std::to_string(f.bytes.size()) +
                                                            " bytes is beyond what one database field holds");
        }
        AppendBigEndian(head, f.bytes.size(), 4);
        if (f.bytes.size() <= kCopyPieceBytes) {
          head.append(f.bytes);
          break;
        }
        // A large value: what is gathered so far, then the value piece by piece from its buffer.
        if (Status s = conn.CopyPut(head); !s) return s;
        head.clear();
        for (size_t at = 0; at < f.bytes.size(); at += kCopyPieceBytes) {
          if (Status s = conn.CopyPut(f.bytes.substr(at, kCopyPieceBytes)); !s) return s;
        }
        break;
      }
    }
  }
  AppendBigEndian(head, 0xffff, 2);  // trailer
  if (Status s = conn.CopyPut(head); !s) return s;
  return conn.CopyEnd();
}

}  // namespace recon::storage
