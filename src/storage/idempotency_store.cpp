#include "storage/idempotency_store.hpp"

namespace recon::storage {
namespace {

constexpr Sql kClaim{"claim_idempotency_key",
                     "INSERT INTO idempotency_keys (company, key, request_hash) VALUES ($1, $2, $3)"
                     " ON CONFLICT (company, key) DO NOTHING RETURNING 1"};
constexpr Sql kGet{"get_idempotency_key",
                   "SELECT request_hash, status_code, coalesce(content_type, ''), response_body"
                   " FROM idempotency_keys WHERE company = $1 AND key = $2"};
constexpr Sql kComplete{"complete_idempotency_key",
                        "UPDATE idempotency_keys SET status_code = $3::int, content_type = $4, response_body = $5::bytea"
                        " WHERE company = $1 AND key = $2"};
constexpr Sql kRelease{"release_idempotency_key",
                       "DELETE FROM idempotency_keys WHERE company = $1 AND key = $2 AND status_code IS NULL"};

// bytea arrives as "\x..." hex in text results.
std::string FromHex(std::string_view text) {
  std::string out;
  if (text.starts_with("\\x")) text.remove_prefix(2);
  out.reserve(text.size() / 2);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (size_t i = 0; i + 1 < text.size(); i += 2) out.push_back(static_cast<char>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  return out;
}

}  // namespace

Result<std::optional<StoredAnswer>> IdempotencyStore::Claim(const std::string& company, const std::string& key,
                                                            const std::string& request_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto claimed = (*conn)->Exec(kClaim, {company, key, request_hash});
  if (!claimed) return claimed.take_error();
  if (claimed->rows() == 1) return std::optional<StoredAnswer>();
  auto r = (*conn)->Exec(kGet, {company, key});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "the Idempotency-Key was released meanwhile; retry");
  StoredAnswer a;
  a.request_hash = r->text(0, 0);
  if (!r->is_null(0, 1)) a.status_code = static_cast<int>(r->int64(0, 1));
  a.content_type = r->text(0, 2);
  if (!r->is_null(0, 3)) a.body = FromHex(r->text(0, 3));
  return std::optional<StoredAnswer>(std::move(a));
}

Status IdempotencyStore::Complete(const std::string& company, const std::string& key, int status_code,
                                  const std::string& content_type, const std::string& body) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kComplete, {company, key, std::to_string(status_code), content_type, body}, {4});
  if (!r) return r.take_error();
  return Status::Ok();
}

Status IdempotencyStore::Release(const std::string& company, const std::string& key) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kRelease, {company, key});
  if (!r) return r.take_error();
  return Status::Ok();
}

}  // namespace recon::storage
