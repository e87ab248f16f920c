#include "jobs/job_store.hpp"

namespace recon::jobs {
namespace {

using storage::Param;
using storage::Sql;

constexpr Sql kEnqueueReconcile{
    "enqueue_reconcile",
    "WITH run AS (INSERT INTO reconcile_runs (company, account, status, dry_run)"
    "             VALUES ($1, $2, 'queued', $3::boolean) RETURNING id)"
    " INSERT INTO jobs (kind, company, payload, run_id)"
    " SELECT 'reconcile', $1, jsonb_build_object('account', $2::text, 'dry_run', $3::boolean), id FROM run"
    " RETURNING run_id"};

// A whole-company, real (not dry) reconcile that no worker has started yet.
constexpr Sql kWaitingReconcile{
    "waiting_reconcile",
    "SELECT run_id FROM jobs WHERE status = 'queued' AND kind = 'reconcile' AND company = $1"
    " AND payload->>'account' IS NULL AND NOT (payload->>'dry_run')::boolean ORDER BY id LIMIT 1"};

constexpr Sql kEnqueue{"enqueue_job",
                       "INSERT INTO jobs (kind, company, payload, max_attempts) VALUES ($1, $2, $3::jsonb, $4::int)"
                       " RETURNING id"};

// One statement so that taking the job and starting its run cannot come apart. A job
// found 'running' with its lease expired was held by a process that died; it says so.
constexpr Sql kClaim{
    "claim_job",
    "WITH next AS ("
    "  SELECT id FROM jobs"
    "   WHERE status IN ('queued', 'running')"
    "     AND ((status = 'queued' AND run_after <= now())"
    "       OR (status = 'running' AND lease_until < now() AND attempts < max_attempts))"
    "   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED),"
    " claimed AS ("
    "  UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, lease_owner = $1,"
    "         lease_until = now() + make_interval(secs => $2::int), started_at = coalesce(j.started_at, now()),"
    "         last_error = CASE WHEN j.status = 'running'"
    "                           THEN 'taken again: the lease of ' || j.lease_owner || ' ran out'"
    "                           ELSE j.last_error END"
    "    FROM next WHERE j.id = next.id"
    "  RETURNING j.id, j.kind, j.company, j.payload::text, j.run_id, j.attempts),"
    " run AS ("
    "  UPDATE reconcile_runs r SET status = 'running', attempts = r.attempts + 1"
    "    FROM claimed WHERE r.id = claimed.run_id)"
    " SELECT id, kind, company, payload, run_id, attempts FROM claimed"};

constexpr Sql kRenew{"renew_job",
                     "UPDATE jobs SET lease_until = now() + make_interval(secs => $3::int)"
                     " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

constexpr Sql kComplete{"complete_job",
                        "UPDATE jobs SET status = 'done', finished_at = now(), lease_owner = NULL, lease_until = NULL"
                        " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

constexpr Sql kFail{"fail_job",
                    "UPDATE jobs SET status = 'failed', finished_at = now(), lease_owner = NULL, lease_until = NULL,"
                    " last_error = $3 WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

constexpr Sql kFailAbandoned{
    "fail_abandoned_jobs",
    "WITH dead AS ("
    "  UPDATE jobs SET status = 'failed', finished_at = now(), lease_owner = NULL, lease_until = NULL,"
    "         last_error = 'gave up after ' || attempts || ' attempts: the process running it stopped each time'"
    "   WHERE status = 'running' AND lease_until < now() AND attempts >= max_attempts"
    "  RETURNING run_id, last_error),"
    " runs AS ("
    "  UPDATE reconcile_runs r SET status = 'failed', error = dead.last_error, finished_at = now()"
    "    FROM dead WHERE r.id = dead.run_id AND r.status IN ('queued', 'running'))"
    " SELECT count(*) FROM dead"};

constexpr Sql kCounts{"job_counts",
                      "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),"
                      " count(*) FILTER (WHERE status = 'failed') FROM jobs"};

Result<storage::PgResult> Exec(storage::ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  return (*conn)->Exec(sql, params);
}

Result<bool> Touched(Result<storage::PgResult> r) {
  if (!r) return r.take_error();
  return r->affected() == 1;
}

}  // namespace

Result<int64_t> JobStore::EnqueueReconcile(const std::string& company, const std::optional<std::string>& account,
                                           bool dry_run) {
  auto r = Exec(pool_, kEnqueueReconcile, {company, account, dry_run ? "true" : "false"});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<int64_t> JobStore::EnqueueReconcileOnce(const std::string& company) {
  // Two uploads racing past this check both queue a run; the second then finds little
  // left to do. That costs a run, never a wrong result, so no lock is taken for it.
  auto waiting = Exec(pool_, kWaitingReconcile, {company});
  if (!waiting) return waiting.take_error();
  if (waiting->rows() > 0) return waiting->int64(0, 0);
  return EnqueueReconcile(company, std::nullopt, false);
}

Result<int64_t> JobStore::Enqueue(const NewJob& job) {
  auto r = Exec(pool_, kEnqueue, {job.kind, job.company, job.payload.dump(), std::to_string(job.max_attempts)});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<std::optional<ClaimedJob>> JobStore::Claim(const std::string& owner, std::chrono::seconds lease) {
  auto r = Exec(pool_, kClaim, {owner, std::to_string(lease.count())});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<ClaimedJob>();
  ClaimedJob job;
  job.id = r->int64(0, 0);
  job.kind = std::string(r->text(0, 1));
  job.company = std::string(r->text(0, 2));
  job.payload = nlohmann::json::parse(r->text(0, 3), nullptr, false);
  if (job.payload.is_discarded()) job.payload = nlohmann::json::object();
  if (!r->is_null(0, 4)) job.run_id = r->int64(0, 4);
  job.attempt = static_cast<int>(r->int64(0, 5));
  return std::optional<ClaimedJob>(std::move(job));
}

Result<bool> JobStore::Renew(int64_t job_id, const std::string& owner, std::chrono::seconds lease) {
  return Touched(Exec(pool_, kRenew, {std::to_string(job_id), owner, std::to_string(lease.count())}));
}

Result<bool> JobStore::Complete(int64_t job_id, const std::string& owner) {
  return Touched(Exec(pool_, kComplete, {std::to_string(job_id), owner}));
}

Result<bool> JobStore::Fail(int64_t job_id, const std::string& owner, const std::string& error) {
  return Touched(Exec(pool_, kFail, {std::to_string(job_id), owner, error}));
}

Result<int64_t> JobStore::FailAbandoned() {
  auto r = Exec(pool_, kFailAbandoned, {});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<JobCounts> JobStore::Counts() {
  auto r = Exec(pool_, kCounts, {});
  if (!r) return r.take_error();
  return JobCounts{r->int64(0, 0), r->int64(0, 1), r->int64(0, 2)};
}

}  // namespace recon::jobs
