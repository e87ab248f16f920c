#include "storage/idempotency_store.hpp"

#include <optional>

#include "recon/hex.hpp"

namespace recon::storage {
namespace {

// A new key, or one whose claim was given up by its process (the lease ran out before an
// answer was stored), or one older than the TTL, is this request's; the token proves it.
constexpr Sql kClaim{
    "claim_idempotency_key",
    "INSERT INTO idempotency_keys AS k (company, key, request_hash, lease_until, claim_token)"
    " VALUES ($1, $2, $3, now() + make_interval(secs => $4::int), gen_random_uuid()::text)"
    " ON CONFLICT (company, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
    "  lease_until = EXCLUDED.lease_until, claim_token = EXCLUDED.claim_token, status_code = NULL,"
    "  content_type = NULL, response_body = NULL, created_at = now()"
    " WHERE (k.status_code IS NULL AND k.lease_until < now())"
    "    OR k.created_at < now() - make_interval(secs => $5::int)"
    " RETURNING k.claim_token, k.xmax::text <> '0'"};
constexpr Sql kGet{"get_idempotency_key",
                   "SELECT request_hash, status_code, coalesce(content_type, ''), response_body"
                   " FROM idempotency_keys WHERE company = $1 AND key = $2"};
constexpr Sql kRenew{"renew_idempotency_keys",
                     "UPDATE idempotency_keys k SET lease_until = now() + make_interval(secs => $4::int)"
                     " FROM unnest($1::text[], $2::text[], $3::text[]) AS h(company, key, token)"
                     " WHERE k.company = h.company AND k.key = h.key AND k.claim_token = h.token"
                     " AND k.status_code IS NULL"};
constexpr Sql kComplete{"complete_idempotency_key",
                        "UPDATE idempotency_keys SET status_code = $4::int, content_type = $5, response_body = $6::bytea,"
                        " lease_until = NULL WHERE company = $1 AND key = $2 AND claim_token = $3"};
constexpr Sql kRelease{"release_idempotency_key",
                       "DELETE FROM idempotency_keys WHERE company = $1 AND key = $2 AND claim_token = $3"
                       " AND status_code IS NULL"};
// Oldest first through idempotency_keys_created, a bounded number per statement so that
// the purge never holds many row locks or writes much WAL at once.
constexpr Sql kPurge{"purge_idempotency_keys",
                     "DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY("
                     " SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1::int)"
                     " AND (status_code IS NOT NULL OR lease_until < now()) ORDER BY created_at LIMIT $2::int))"};
constexpr int kPurgeRowsPerStatement = 10'000;

// A bytea column as its bytes: text results give it as "\x" and hex.
std::optional<std::string> ByteaBytes(std::string_view text) {
  if (!text.starts_with("\\x")) return std::nullopt;
  return hex::Decode(text.substr(2));
}

}  // namespace

Result<Claimed> IdempotencyStore::Claim(const std::string& company, const std::string& key,
                                        const std::string& request_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto claimed = (*conn)->Exec(kClaim, {company, key, request_hash, std::to_string(settings_.lease.count()),
                                        std::to_string(settings_.ttl.count())});
  if (!claimed) return claimed.take_error();
  Claimed out;
  if (claimed->rows() == 1) {
    out.token = std::string(claimed->text(0, 0));
    out.taken_over = claimed->text(0, 1) == "t";
    return out;
  }
  auto r = (*conn)->Exec(kGet, {company, key});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "the Idempotency-Key was released meanwhile; retry");
  StoredAnswer a;
  a.request_hash = r->text(0, 0);
  if (!r->is_null(0, 1)) a.status_code = static_cast<int>(r->int64(0, 1));
  a.content_type = r->text(0, 2);
  if (!r->is_null(0, 3)) {
    auto body = ByteaBytes(r->text(0, 3));
    if (!body) return MakeError(ErrorCode::kInternal, "the stored answer of this Idempotency-Key is not bytea text");
    a.body = std::move(*body);
  }
  out.stored = std::move(a);
  return out;
}

Status IdempotencyStore::Renew(const std::vector<HeldKey>& keys) {
  if (keys.empty()) return Status::Ok();
  std::vector<std::string> companies, names, tokens;
  for (const HeldKey& k : keys) {
    companies.push_back(k.company);
    names.push_back(k.key);
    tokens.push_back(k.token);
  }
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kRenew, {TextArray(companies), TextArray(names), TextArray(tokens),
                                  std::to_string(settings_.lease.count())});
  if (!r) return r.take_error();
  return Status::Ok();
}

Status IdempotencyStore::Complete(const std::string& company, const std::string& key, const std::string& token,
                                  int status_code, const std::string& content_type, const std::string& body) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kComplete, {company, key, token, std::to_string(status_code), content_type, body}, {5});
  if (!r) return r.take_error();
  return Status::Ok();
}

Status IdempotencyStore::Release(const std::string& company, const std::string& key, const std::string& token) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kRelease, {company, key, token});
  if (!r) return r.take_error();
  return Status::Ok();
}

Result<int64_t> IdempotencyStore::PurgeExpired() {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  int64_t purged = 0;
  while (true) {
    auto r = (*conn)->Exec(kPurge, {std::to_string(settings_.ttl.count()), std::to_string(kPurgeRowsPerStatement)});
    if (!r) return r.take_error();
    purged += r->affected();
    if (r->affected() < kPurgeRowsPerStatement) return purged;
  }
}

}  // namespace recon::storage
