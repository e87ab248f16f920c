#include "jobs/run_store.hpp"

#include "recon/status.hpp"
#include "storage/row_mapping.hpp"

namespace recon::jobs {

using storage::ExecPooled;
using storage::Sql;

constexpr Sql kEnqueueReconcile{
    "enqueue_reconcile",
    "WITH run AS (INSERT INTO reconcile_runs (company, account, status, dry_run)"
    "             VALUES ($1, $2, 'queued', $3::boolean) RETURNING id)"
    " INSERT INTO jobs (kind, company, payload, run_id, max_attempts)"
    " SELECT 'reconcile', $1, jsonb_build_object('account', $2::text, 'dry_run', $3::boolean), id, $4::int FROM run"
    " RETURNING run_id"};

Result<int64_t> RunStore::EnqueueReconcile(const std::string& company, const std::optional<std::string>& account,
                                           bool dry_run) {
  auto r = ExecPooled(pool_, kEnqueueReconcile,
                      {company, account, dry_run ? "true" : "false", std::to_string(kReconcileAttempts)});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

// A whole-company, real (not dry) reconcile that no worker has started yet.
constexpr Sql kWaitingReconcile{
    "waiting_reconcile",
    "SELECT run_id FROM jobs WHERE status = 'queued' AND kind = 'reconcile' AND company = $1"
    " AND payload->>'account' IS NULL AND NOT (payload->>'dry_run')::boolean ORDER BY id LIMIT 1"};

Result<int64_t> RunStore::EnqueueReconcileOnce(const std::string& company) {
  // Two uploads racing past this check both queue a run; the second then finds little
  // left to do. That costs a run, never a wrong result, so no lock is taken for it.
  auto waiting = ExecPooled(pool_, kWaitingReconcile, {company});
  if (!waiting) return waiting.take_error();
  if (waiting->rows() > 0) return waiting->int64(0, 0);
  return EnqueueReconcile(company, std::nullopt, false);
}

constexpr Sql kEnqueueClaimedReconcile{
    "enqueue_claimed_reconcile",
    "WITH run AS (INSERT INTO reconcile_runs (company, account, status, dry_run, attempts)"
    "             VALUES ($1, $2, 'running', $3::boolean, 1) RETURNING id)"
    " INSERT INTO jobs (kind, company, payload, run_id, status, attempts, max_attempts, lease_owner, lease_until,"
    "                   started_at)"
    " SELECT 'reconcile', $1, jsonb_build_object('account', $2::text, 'dry_run', $3::boolean), id, 'running', 1,"
    "        $6::int, $4, now() + make_interval(secs => $5::int), now() FROM run"
    " RETURNING id, payload::text, run_id"};

Result<ClaimedJob> RunStore::EnqueueClaimedReconcile(const std::string& company,
                                                     const std::optional<std::string>& account, bool dry_run,
                                                     const std::string& owner, std::chrono::seconds lease,
                                                     int max_attempts) {
  auto r = ExecPooled(pool_, kEnqueueClaimedReconcile,
                      {company, account, dry_run ? "true" : "false", owner, std::to_string(lease.count()),
                       std::to_string(max_attempts)});
  if (!r) return r.take_error();
  ClaimedJob job;
  job.id = r->int64(0, 0);
  job.kind = kReconcileJob;
  job.company = company;
  job.payload = PayloadOf(r->text(0, 1));
  job.run_id = r->int64(0, 2);
  job.attempt = 1;
  job.max_attempts = max_attempts;
  return job;
}

constexpr Sql kFinishRun{"finish_run",
                         "UPDATE reconcile_runs SET status = $2, lines_considered = $3::int, applied = $4::int,"
                         " proposed = $5::int, unmatched = $6::int, duration_ms = $7::bigint, error = $8,"
                         " conflicts = $9::int, finished_at = now() WHERE id = $1::bigint"};

Status RunStore::Finish(int64_t run_id, const RunCounts& n, int64_t duration_ms,
                        const std::optional<std::string>& error) {
  return storage::ExecOnce(pool_, kFinishRun,
                           {std::to_string(run_id), std::string(RunStatusName(error ? RunStatus::kFailed : RunStatus::kDone)), std::to_string(n.lines_considered),
                            std::to_string(n.applied), std::to_string(n.proposed), std::to_string(n.unmatched),
                            std::to_string(duration_ms), error, std::to_string(n.conflicts)});
}

constexpr Sql kGetRun{"get_run",
                      "SELECT id, company, status, lines_considered, applied, proposed, unmatched, duration_ms, error,"
                      " dry_run, conflicts,"
                      " " RECOND_SQL_UTC("started_at") ","
                      " " RECOND_SQL_UTC("finished_at") ", attempts"
                      " FROM reconcile_runs WHERE company = $1 AND id = $2::bigint"};

Result<std::optional<StoredRun>> RunStore::Get(const std::string& company, int64_t run_id) {
  return storage::QueryFirst(pool_, kGetRun, {company, std::to_string(run_id)},
                             [](const storage::PgResult& r, int row) {
                               StoredRun run;
                               RunCounts& n = run.counts;
                               storage::ReadColumns(r, row, 0, run.id, run.company, run.status, n.lines_considered,
                                                    n.applied, n.proposed, n.unmatched, run.duration_ms, run.error,
                                                    run.dry_run, n.conflicts, run.started_at, run.finished_at,
                                                    run.attempts);
                               return run;
                             });
}

}  // namespace recon::jobs
