// ConnectionStore, part three: the OAuth consent of a connection: the pending request a
// person's browser comes back with, and the consent as the bank reports it.
#include "bank_connections/connection_store.hpp"
#include "storage/row_mapping.hpp"

namespace recon::bank_connections {

using storage::ExecOnce;
using storage::Sql;

constexpr Sql kSetState{"set_oauth_state",
                        "UPDATE connections SET oauth_state = $2, oauth_pkce_verifier = $3,"
                        " oauth_state_expires_at = now() + make_interval(secs => $4::int)"
                        " WHERE id = $1 AND deleted_at IS NULL"};

Status ConnectionStore::SetOAuthState(int64_t connection_id, const std::string& state_hash,
                                      const std::optional<std::string>& sealed_verifier, int ttl_seconds) {
  return ExecOnce(pool_, kSetState,
                  {std::to_string(connection_id), state_hash, sealed_verifier, std::to_string(ttl_seconds)});
}

// One statement takes the state: the row is locked, re-checked and cleared together, so of two
// callbacks with one state exactly one finds it, and a late one finds nothing.
constexpr Sql kTakeState{"take_oauth_state",
                         "WITH pending AS (SELECT id, oauth_pkce_verifier FROM connections"
                         " WHERE oauth_state = $1 AND oauth_state_expires_at > now() AND deleted_at IS NULL FOR UPDATE)"
                         " UPDATE connections c SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                         " oauth_pkce_verifier = NULL FROM pending WHERE c.id = pending.id"
                         " RETURNING c.id, pending.oauth_pkce_verifier"};
constexpr Sql kDropExpiredState{"drop_expired_oauth_state",
                                "UPDATE connections SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                                " oauth_pkce_verifier = NULL WHERE oauth_state = $1 RETURNING id"};

Result<TakenOAuthState> ConnectionStore::TakeOAuthState(const std::string& state_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto taken = (*conn)->Exec(kTakeState, {state_hash});
  if (!taken) return taken.take_error();
  TakenOAuthState out;
  if (taken->rows() == 1) {
    out.outcome = TakenOAuthState::kTaken;
    out.connection_id = taken->int64(0, 0);
    out.sealed_verifier = taken->opt_text(0, 1);
    return out;
  }
  // Not live: an expired request is cleared and told apart from one that never was.
  auto expired = (*conn)->Exec(kDropExpiredState, {state_hash});
  if (!expired) return expired.take_error();
  out.outcome = expired->rows() > 0 ? TakenOAuthState::kExpired : TakenOAuthState::kUnknown;
  return out;
}

constexpr Sql kConsentRenewed{"consent_renewed",
                              "UPDATE connections SET needs_person = NULL,"
                              " consent_expires_at = COALESCE($2::timestamptz, consent_expires_at) WHERE id = $1"};

Status ConnectionStore::ConsentRenewed(int64_t connection_id, const std::optional<std::string>& expires_at) {
  return ExecOnce(pool_, kConsentRenewed, {std::to_string(connection_id), expires_at});
}

// validUntil is the last day the consent is good for: it expires when that day ends (UTC).
constexpr Sql kConsentFromBank{"connection_consent_from_bank",
                               "UPDATE connections SET consent_status = $2, consent_checked_at = now(),"
                               " consent_expires_at = COALESCE(((LEAST($3::date, '9999-12-30') + 1)::timestamp AT TIME ZONE 'UTC'),"
                               " consent_expires_at) WHERE id = $1"};

Status ConnectionStore::ConsentFromBank(int64_t connection_id, const std::string& status,
                                        const std::string& valid_until) {
  return ExecOnce(pool_, kConsentFromBank,
                  {std::to_string(connection_id), status, valid_until.empty() ? storage::Param() : storage::Param(valid_until)});
}

}  // namespace recon::bank_connections
