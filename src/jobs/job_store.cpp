#include "jobs/job_store.hpp"

#include "jobs/job_status.hpp"
#include "storage/row_mapping.hpp"

namespace recon::jobs {
namespace {

using storage::ExecPooled;
using storage::Param;
using storage::Sql;

Result<bool> Touched(Result<storage::PgResult> r) {
  if (!r) return r.take_error();
  return r->affected() == 1;
}

}  // namespace

nlohmann::json PayloadOf(std::string_view text) {
  auto payload = nlohmann::json::parse(text, nullptr, false);
  return payload.is_discarded() ? nlohmann::json::object() : payload;
}

constexpr Sql kEnqueue{"enqueue_job",
                       "INSERT INTO jobs (kind, company, payload, max_attempts, run_after)"
                       " VALUES ($1, $2, $3::jsonb, $4::int, now() + $5::int * interval '1 second') RETURNING id"};

Result<int64_t> JobStore::Enqueue(const NewJob& job) {
  auto r = ExecPooled(pool_, kEnqueue, {job.kind, job.company, job.payload.dump(), std::to_string(job.max_attempts),
                                        std::to_string(job.delay.count())});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

// Class 0x72656370 ("recp") of the two-key advisory locks: periodic jobs, by kind.
constexpr Sql kPeriodicTurn{"periodic_job_turn", "SELECT pg_advisory_xact_lock(1919247216, hashtext($1))"};
constexpr Sql kEnqueuePeriodic{
    "enqueue_periodic_job",
    "INSERT INTO jobs (kind, company) SELECT $1, '' WHERE NOT EXISTS"
    " (SELECT 1 FROM jobs WHERE kind = $1 AND company = '' AND created_at > now() - make_interval(secs => $2::int))"
    " RETURNING id"};

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

Result<std::optional<ClaimedJob>> JobStore::Claim(const std::string& owner, std::chrono::seconds lease) {
  auto r = ExecPooled(pool_, kClaim, {owner, std::to_string(lease.count())});
  if (!r) return r.take_error();
  if (r->rows() == 0) return std::optional<ClaimedJob>();
  ClaimedJob job;
  std::string payload;
  storage::ReadColumns(*r, 0, 0, job.id, job.kind, job.company, payload, job.run_id, job.attempt, job.max_attempts);
  job.payload = PayloadOf(payload);
  return std::optional<ClaimedJob>(std::move(job));
}

constexpr Sql kRenew{"renew_job",
                     "UPDATE jobs SET lease_until = now() + make_interval(secs => $3::int)"
                     " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

Result<bool> JobStore::Renew(int64_t job_id, const std::string& owner, std::chrono::seconds lease) {
  return Touched(ExecPooled(pool_, kRenew, {std::to_string(job_id), owner, std::to_string(lease.count())}));
}

constexpr Sql kComplete{"complete_job",
                        "UPDATE jobs SET status = 'done', finished_at = now(), lease_owner = NULL, lease_until = NULL"
                        " WHERE id = $1::bigint AND lease_owner = $2 AND status = 'running'"};

Result<bool> JobStore::Complete(int64_t job_id, const std::string& owner) {
  return Touched(ExecPooled(pool_, kComplete, {std::to_string(job_id), owner}));
}

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

Result<JobFate> JobStore::Fail(int64_t job_id, const std::string& owner, const std::string& error,
                               std::optional<std::chrono::milliseconds> retry_in) {
  auto r = ExecPooled(pool_, kFail, {std::to_string(job_id), owner, error,
                                     retry_in ? Param(std::to_string(retry_in->count())) : Param()});
  if (!r) return r.take_error();
  if (r->rows() == 0) return JobFate::kNotHeld;
  return ParseJobStatus(r->text(0, 0)) == JobStatus::kDead ? JobFate::kDead : JobFate::kRetrying;
}

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

Result<int64_t> JobStore::FailAbandoned() {
  auto r = ExecPooled(pool_, kFailAbandoned, {});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

#define RECOND_JOB_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define RECOND_JOB_COLUMNS                                                                                     \
  "id, kind, company, status, payload::text, attempts, max_attempts, replays, run_id, last_error, "           \
  RECOND_JOB_TS("run_after") ", " RECOND_JOB_TS("created_at") ", " RECOND_JOB_TS("started_at") ", "            \
  RECOND_JOB_TS("failed_at") ", " RECOND_JOB_TS("finished_at")

namespace {

// A job from a row of RECOND_JOB_COLUMNS.
JobRecord ReadJob(const storage::PgResult& r, int i) {
  JobRecord j;
  std::string payload;
  storage::ReadColumns(r, i, 0, j.id, j.kind, j.company, j.status, payload, j.attempts, j.max_attempts, j.replays,
                       j.run_id, j.last_error, j.run_after, j.created_at, j.started_at, j.failed_at, j.finished_at);
  j.payload = PayloadOf(payload);
  return j;
}

}  // namespace

// Work of the whole database (company '') shows in every company's list.
constexpr Sql kList{"list_jobs",
                    "SELECT " RECOND_JOB_COLUMNS " FROM jobs WHERE (company = $1 OR company = '')"
                    " AND ($2::text IS NULL OR status = $2) AND id > $3::bigint ORDER BY id LIMIT $4::int"};

Result<std::vector<JobRecord>> JobStore::List(const std::string& company, const std::optional<std::string>& status,
                                              int64_t after_id, int limit) {
  return storage::QueryRows(pool_, kList, {company, status, std::to_string(after_id), std::to_string(limit)}, ReadJob);
}

constexpr Sql kGet{"get_job",
                   "SELECT " RECOND_JOB_COLUMNS " FROM jobs WHERE (company = $1 OR company = '') AND id = $2::bigint"};
#undef RECOND_JOB_COLUMNS
#undef RECOND_JOB_TS

Result<std::optional<JobRecord>> JobStore::Get(const std::string& company, int64_t id) {
  return storage::QueryFirst(pool_, kGet, {company, std::to_string(id)}, ReadJob);
}

constexpr Sql kReplay{
    "replay_job",
    "WITH j AS ("
    "  UPDATE jobs SET status = 'queued', attempts = 0, replays = replays + 1, run_after = now(), finished_at = NULL"
    "   WHERE (company = $1 OR company = '') AND id = $2::bigint AND status = 'dead'"
    "  RETURNING id, run_id),"
    " runs AS ("
    "  UPDATE reconcile_runs r SET status = 'queued', finished_at = NULL FROM j WHERE r.id = j.run_id)"
    " SELECT id FROM j"};

Result<JobRecord> JobStore::Replay(const std::string& company, int64_t id) {
  auto r = ExecPooled(pool_, kReplay, {company, std::to_string(id)});
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

constexpr Sql kCounts{"job_counts",
                      "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),"
                      " count(*) FILTER (WHERE status = 'dead') FROM jobs"};

Result<JobCounts> JobStore::Counts() {
  auto r = ExecPooled(pool_, kCounts, {});
  if (!r) return r.take_error();
  return JobCounts{r->int64(0, 0), r->int64(0, 1), r->int64(0, 2)};
}

}  // namespace recon::jobs
