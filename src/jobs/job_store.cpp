#include "jobs/job_store.hpp"

#include "jobs/job_status.hpp"

namespace recon::jobs {
namespace {

using storage::Param;
using storage::Sql;

constexpr Sql kEnqueueReconcile{
    "enqueue_reconcile",
    "WITH run AS (INSERT INTO reconcile_runs (company, account, status, dry_run)"
    "             VALUES ($1, $2, 'queued', $3::boolean) RETURNING id)"
    " INSERT INTO jobs (kind, company, payload, run_id, max_attempts)"
    " SELECT 'reconcile', $1, jsonb_build_object('account', $2::text, 'dry_run', $3::boolean), id, $4::int FROM run"
    " RETURNING run_id"};

// A whole-company, real (not dry) reconcile that no worker has started yet.
constexpr Sql kWaitingReconcile{
    "waiting_reconcile",
    "SELECT run_id FROM jobs WHERE status = 'queued' AND kind = 'reconcile' AND company = $1"
    " AND payload->>'account' IS NULL AND NOT (payload->>'dry_run')::boolean ORDER BY id LIMIT 1"};

constexpr Sql kEnqueueClaimedReconcile{
    "enqueue_claimed_reconcile",
    "WITH run AS (INSERT INTO reconcile_runs (company, account, status, dry_run, attempts)"
    "             VALUES ($1, $2, 'running', $3::boolean, 1) RETURNING id)"
    " INSERT INTO jobs (kind, company, payload, run_id, status, attempts, max_attempts, lease_owner, lease_until,"
    "                   started_at)"
    " SELECT 'reconcile', $1, jsonb_build_object('account', $2::text, 'dry_run', $3::boolean), id, 'running', 1,"
    "        $6::int, $4, now() + make_interval(secs => $5::int), now() FROM run"
    " RETURNING id, payload::text, run_id"};

constexpr Sql kEnqueue{"enqueue_job",
                       "INSERT INTO jobs (kind, company, payload, max_attempts, run_after)"
                       " VALUES ($1, $2, $3::jsonb, $4::int, now() + $5::int * interval '1 second') RETURNING id"};

// Class 0x72656370 ("recp") of the two-key advisory locks: periodic jobs, by kind.
constexpr Sql kPeriodicTurn{"periodic_job_turn", "SELECT pg_advisory_xact_lock(1919247216, hashtext($1))"};
constexpr Sql kEnqueuePeriodic{
    "enqueue_periodic_job",
    "INSERT INTO jobs (kind, company) SELECT $1, '' WHERE NOT EXISTS"
    " (SELECT 1 FROM jobs WHERE kind = $1 AND company = '' AND created_at > now() - make_interval(secs => $2::int))"
    " RETURNING id"};

// One statement so that taking the job and starting its run cannot come apart. A job
// found 'running' with its lease expired was held by a process that died; it says so. A
// run already 'done' stays done: its process finished it and died before the job was.
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
    "  RETURNING j.id, j.kind, j.company, j.payload::text, j.run_id, j.attempts, j.max_attempts),"
    " run AS ("
    "  UPDATE reconcile_runs r SET status = 'running', attempts = r.attempts + 1"
    "    FROM claimed WHERE r.id = claimed.run_id AND r.status <> 'done')"
    " SELECT id, kind, company, payload, run_id, attempts, max_attempts FROM claimed"};

constexpr Sql kRenew{"renew_job",
                     "UPDATE jobs SET lease_until = now() + make_interval(secs => $3::int)"
                     " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

constexpr Sql kComplete{"complete_job",
                        "UPDATE jobs SET status = 'done', finished_at = now(), lease_owner = NULL, lease_until = NULL"
                        " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

// $4: milliseconds until the retry, NULL for none. The run follows the job.
constexpr Sql kFail{
    "fail_job",
    "WITH j AS ("
    "  UPDATE jobs SET status = CASE WHEN $4::bigint IS NULL OR attempts >= max_attempts THEN 'dead' ELSE 'queued' END,"
    "         run_after = CASE WHEN $4::bigint IS NULL OR attempts >= max_attempts THEN run_after"
    "                          ELSE now() + $4::bigint * interval '1 millisecond' END,"
    "         finished_at = CASE WHEN $4::bigint IS NULL OR attempts >= max_attempts THEN now() END,"
    "         lease_owner = NULL, lease_until = NULL, last_error = $3, failed_at = now()"
    "   WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"
    "  RETURNING run_id, status, last_error),"
    " runs AS ("
    "  UPDATE reconcile_runs r SET status = CASE WHEN j.status = 'dead' THEN 'failed' ELSE 'queued' END,"
    "         error = j.last_error, finished_at = CASE WHEN j.status = 'dead' THEN now() END"
    "    FROM j WHERE r.id = j.run_id AND r.status <> 'done')"
    " SELECT status FROM j"};

constexpr Sql kFailAbandoned{
    "fail_abandoned_jobs",
    "WITH dead AS ("
    "  UPDATE jobs SET status = 'dead', finished_at = now(), failed_at = now(), lease_owner = NULL,"
    "         lease_until = NULL,"
    "         last_error = 'gave up after ' || attempts || CASE WHEN attempts = 1 THEN ' attempt' ELSE ' attempts' END"
    "                      || ': the process running it stopped each time'"
    "   WHERE status = 'running' AND lease_until < now() AND attempts >= max_attempts"
    "  RETURNING run_id, last_error),"
    " runs AS ("
    "  UPDATE reconcile_runs r SET status = 'failed', error = dead.last_error, finished_at = now()"
    "    FROM dead WHERE r.id = dead.run_id AND r.status IN ('queued', 'running'))"
    " SELECT count(*) FROM dead"};

#define RECOND_JOB_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define RECOND_JOB_COLUMNS                                                                                     \
  "id, kind, company, status, payload::text, attempts, max_attempts, replays, run_id, last_error, "           \
  RECOND_JOB_TS("run_after") ", " RECOND_JOB_TS("created_at") ", " RECOND_JOB_TS("started_at") ", "            \
  RECOND_JOB_TS("failed_at") ", " RECOND_JOB_TS("finished_at")
// Work of the whole database (company '') shows in every company's list.
constexpr Sql kList{"list_jobs",
                    "SELECT " RECOND_JOB_COLUMNS " FROM jobs WHERE (company = $1 OR company = '')"
                    " AND ($2::text IS NULL OR status = $2) AND id > $3::bigint ORDER BY id LIMIT $4::int"};
constexpr Sql kGet{"get_job",
                   "SELECT " RECOND_JOB_COLUMNS " FROM jobs WHERE (company = $1 OR company = '') AND id = $2::bigint"};
#undef RECOND_JOB_COLUMNS
#undef RECOND_JOB_TS

constexpr Sql kReplay{
    "replay_job",
    "WITH j AS ("
    "  UPDATE jobs SET status = 'queued', attempts = 0, replays = replays + 1, run_after = now(), finished_at = NULL"
    "   WHERE (company = $1 OR company = '') AND id = $2::bigint AND status = 'dead'"
    "  RETURNING id, run_id),"
    " runs AS ("
    "  UPDATE reconcile_runs r SET status = 'queued', finished_at = NULL FROM j WHERE r.id = j.run_id)"
    " SELECT id FROM j"};

constexpr Sql kCounts{"job_counts",
                      "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),"
                      " count(*) FILTER (WHERE status = 'dead') FROM jobs"};

Result<storage::PgResult> Exec(storage::ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  return (*conn)->Exec(sql, params);
}

Result<bool> Touched(Result<storage::PgResult> r) {
  if (!r) return r.take_error();
  return r->affected() == 1;
}

nlohmann::json PayloadOf(std::string_view text) {
  auto payload = nlohmann::json::parse(text, nullptr, false);
  return payload.is_discarded() ? nlohmann::json::object() : payload;
}

JobRecord ReadJob(const storage::PgResult& r, int i) {
  JobRecord j;
  j.id = r.int64(i, 0);
  j.kind = r.text(i, 1);
  j.company = r.text(i, 2);
  j.status = r.text(i, 3);
  j.payload = PayloadOf(r.text(i, 4));
  j.attempts = static_cast<int>(r.int64(i, 5));
  j.max_attempts = static_cast<int>(r.int64(i, 6));
  j.replays = static_cast<int>(r.int64(i, 7));
  if (!r.is_null(i, 8)) j.run_id = r.int64(i, 8);
  j.last_error = r.opt_text(i, 9);
  j.run_after = r.text(i, 10);
  j.created_at = r.text(i, 11);
  j.started_at = r.opt_text(i, 12);
  j.failed_at = r.opt_text(i, 13);
  j.finished_at = r.opt_text(i, 14);
  return j;
}

}  // namespace

Result<int64_t> JobStore::EnqueueReconcile(const std::string& company, const std::optional<std::string>& account,
                                           bool dry_run) {
  auto r = Exec(pool_, kEnqueueReconcile,
                {company, account, dry_run ? "true" : "false", std::to_string(kReconcileAttempts)});
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

Result<ClaimedJob> JobStore::EnqueueClaimedReconcile(const std::string& company,
                                                     const std::optional<std::string>& account, bool dry_run,
                                                     const std::string& owner, std::chrono::seconds lease,
                                                     int max_attempts) {
  auto r = Exec(pool_, kEnqueueClaimedReconcile,
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

Result<int64_t> JobStore::Enqueue(const NewJob& job) {
  auto r = Exec(pool_, kEnqueue, {job.kind, job.company, job.payload.dump(), std::to_string(job.max_attempts),
                                  std::to_string(job.delay.count())});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<bool> JobStore::EnqueuePeriodic(const std::string& kind, std::chrono::seconds interval) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  // The statement after the lock sees what a process that held it before committed.
  if (auto r = (*conn)->Exec(kPeriodicTurn, {kind}); !r) return r.take_error();
  auto r = (*conn)->Exec(kEnqueuePeriodic, {kind, std::to_string(interval.count())});
  if (!r) return r.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  return r->rows() == 1;
}

Result<std::optional<ClaimedJob>> JobStore::Claim(const std::string& owner, std::chrono::seconds lease) {
  auto r = Exec(pool_, kClaim, {owner, std::to_string(lease.count())});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<ClaimedJob>();
  ClaimedJob job;
  job.id = r->int64(0, 0);
  job.kind = std::string(r->text(0, 1));
  job.company = std::string(r->text(0, 2));
  job.payload = PayloadOf(r->text(0, 3));
  if (!r->is_null(0, 4)) job.run_id = r->int64(0, 4);
  job.attempt = static_cast<int>(r->int64(0, 5));
  job.max_attempts = static_cast<int>(r->int64(0, 6));
  return std::optional<ClaimedJob>(std::move(job));
}

Result<bool> JobStore::Renew(int64_t job_id, const std::string& owner, std::chrono::seconds lease) {
  return Touched(Exec(pool_, kRenew, {std::to_string(job_id), owner, std::to_string(lease.count())}));
}

Result<bool> JobStore::Complete(int64_t job_id, const std::string& owner) {
  return Touched(Exec(pool_, kComplete, {std::to_string(job_id), owner}));
}

Result<JobFate> JobStore::Fail(int64_t job_id, const std::string& owner, const std::string& error,
                               std::optional<std::chrono::milliseconds> retry_in) {
  auto r = Exec(pool_, kFail, {std::to_string(job_id), owner, error,
                               retry_in ? Param(std::to_string(retry_in->count())) : Param()});
  if (!r) return r.take_error();
  if (r->rows() == 0) return JobFate::kNotHeld;
  return ParseJobStatus(r->text(0, 0)) == JobStatus::kDead ? JobFate::kDead : JobFate::kRetrying;
}

Result<int64_t> JobStore::FailAbandoned() {
  auto r = Exec(pool_, kFailAbandoned, {});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Result<std::vector<JobRecord>> JobStore::List(const std::string& company, const std::optional<std::string>& status,
                                              int64_t after_id, int limit) {
  auto r = Exec(pool_, kList, {company, status, std::to_string(after_id), std::to_string(limit)});
  if (!r) return r.take_error();
  std::vector<JobRecord> out;
  out.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) out.push_back(ReadJob(*r, i));
  return out;
}

Result<std::optional<JobRecord>> JobStore::Get(const std::string& company, int64_t id) {
  auto r = Exec(pool_, kGet, {company, std::to_string(id)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<JobRecord>();
  return std::optional<JobRecord>(ReadJob(*r, 0));
}

Result<JobRecord> JobStore::Replay(const std::string& company, int64_t id) {
  auto r = Exec(pool_, kReplay, {company, std::to_string(id)});
  if (!r) return r.take_error();
  auto job = Get(company, id);
  if (!job) return job.take_error();
  if (!*job) return MakeError(ErrorCode::kNotFound, "there is no job job_" + std::to_string(id));
  if (r->rows() == 0) {
    return MakeError(ErrorCode::kConflict, "job job_" + std::to_string(id) + " is " + (*job)->status +
                                               "; only a dead job can be replayed");
  }
  return std::move(**job);
}

Result<JobCounts> JobStore::Counts() {
  auto r = Exec(pool_, kCounts, {});
  if (!r) return r.take_error();
  return JobCounts{r->int64(0, 0), r->int64(0, 1), r->int64(0, 2)};
}

}  // namespace recon::jobs
