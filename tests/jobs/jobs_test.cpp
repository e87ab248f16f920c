// Jobs (issue 5, point 4): queued runs live in the job table, a job of a killed process
// is taken again once its lease runs out, two processes never run the same job, and new
// statements queue a reconcile by themselves. Issue 11, point 5: a job that fails for good is
// a dead letter that GET /v1/jobs lists and a replay runs again, and a synchronous
// POST /v1/reconcile is a job too, so that its run never stays 'running' when its process dies.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/pg_session.hpp"
#include "integration/test_env.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class Jobs : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = TestDatabaseUrl();
    if (url_.empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(url_);
  }

  // Waits (up to ~60 s) until the run is done or failed and answers it.
  static Json AwaitRun(const RecondProcess& server, const std::string& run_id, const std::string& company) {
    Json run;
    for (int i = 0; i < 1200; ++i) {
      auto answer = server.Call("GET", "/v1/runs/" + run_id + "?company=" + company);
      if (answer.status != 200) return Json{{"http_status", answer.status}, {"body", answer.body}};
      run = Json::parse(answer.body);
      if (run["status"] == "done" || run["status"] == "failed") return run;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return run;
  }

  // Pushes `items` and uploads one statement paying them; answers the upload.
  static HttpAnswer Load(const RecondProcess& server, const std::string& company, uint64_t seed, size_t count,
                         const std::string& statement_id) {
    const auto items = MakeItems(seed, 0, count);
    auto pushed = server.Call("POST", "/v1/open-items?company=" + company, ItemsJson(items, 0, items.size()));
    EXPECT_EQ(pushed.status, 200) << pushed.body;
    return server.Call("POST", "/v1/statements?company=" + company,
                       Camt053(MakeLines(seed, items, 0, count), "2026-11-20", statement_id));
  }

  // Polls `sql` (with $1 = company) every 50 ms, up to ~60 s, until it answers `want`; the last answer.
  std::string AwaitValue(const std::string& sql, const std::string& company, const std::string& want) const {
    std::string got;
    for (int i = 0; i < 1200; ++i) {
      got = QueryValue(url_, sql, company);
      if (got == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return got;
  }

  std::string url_;
};

TEST_F(Jobs, AnAsyncRunIsAJobThatRunsOnceAndIsDone) {
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  ASSERT_EQ(Load(server, "asyncjob", 31, 120, "S1").status, 201);
  auto queued = server.Call("POST", "/v1/reconcile?company=asyncjob&async=true", "{}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const std::string run_id = Json::parse(queued.body)["run_id"];
  Json run = AwaitRun(server, run_id, "asyncjob");
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'reconcile' AND company = $1 AND status = 'done' AND attempts = 1",
                       "asyncjob"),
            "1");
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'reconcile' AND company = $1 AND status <> 'done'", "asyncjob"), "0");
  EXPECT_TRUE(CheckInvariants(url_, "asyncjob").empty());
}

TEST_F(Jobs, NewStatementsQueueAReconcileByThemselves) {
  RecondProcess server(url_, {{"RECOND_AUTO_RECONCILE", "true"}});
  ASSERT_TRUE(server.started());
  auto upload = Load(server, "auto", 32, 150, "S-AUTO");
  ASSERT_EQ(upload.status, 201) << upload.body;
  const Json answer = Json::parse(upload.body);
  ASSERT_TRUE(answer.contains("reconcile_run_id")) << upload.body;
  Json run = AwaitRun(server, answer["reconcile_run_id"], "auto");
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
  EXPECT_NE(QueryValue(url_, "SELECT count(*) FROM matches WHERE company = $1 AND status = 'applied'", "auto"), "0");

  // The same file again stores nothing and queues nothing.
  auto again = server.Call("POST", "/v1/statements?company=auto",
                           Camt053(MakeLines(32, MakeItems(32, 0, 150), 0, 150), "2026-11-20", "S-AUTO"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(Json::parse(again.body).contains("reconcile_run_id")) << again.body;
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'reconcile' AND company = $1", "auto"), "1");
  // An explicit run afterwards finds the work done: the runs took turns, nothing twice.
  auto explicit_run = server.Call("POST", "/v1/reconcile?company=auto", "{}");
  ASSERT_EQ(explicit_run.status, 200) << explicit_run.body;
  EXPECT_EQ(Json::parse(explicit_run.body)["applied"], 0) << explicit_run.body;
  const auto violations = CheckInvariants(url_, "auto");
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

TEST_F(Jobs, SwitchedOffNewStatementsQueueNothing) {
  RecondProcess server(url_);  // the test environment's default: RECOND_AUTO_RECONCILE=false
  ASSERT_TRUE(server.started());
  auto upload = Load(server, "manual", 33, 20, "S-MAN");
  ASSERT_EQ(upload.status, 201) << upload.body;
  EXPECT_FALSE(Json::parse(upload.body).contains("reconcile_run_id")) << upload.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'reconcile' AND company = $1", "manual"), "0");
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM matches WHERE company = $1", "manual"), "0");
}

TEST_F(Jobs, AJobOfAKilledProcessIsTakenAgainWhenItsLeaseRunsOut) {
  {
    RecondProcess loader(url_, {{"RECOND_JOB_WORKERS", "0"}});
    ASSERT_TRUE(loader.started());
    ASSERT_EQ(Load(loader, "lease", 34, 100, "S-LEASE").status, 201);
  }
  // What a process killed in the middle of a run leaves behind: its run 'running', its
  // job 'running' under its name with a lease that has run out.
  const std::string run_id = QueryValue(url_,
                                        "WITH r AS (INSERT INTO reconcile_runs (company, status, attempts)"
                                        " VALUES ($1, 'running', 1) RETURNING id)"
                                        " INSERT INTO jobs (kind, company, payload, run_id, status, attempts,"
                                        " lease_owner, lease_until, started_at)"
                                        " SELECT 'reconcile', $1, '{\"account\":null,\"dry_run\":false}', id,"
                                        " 'running', 1, 'gone-host:1:1', now() - interval '1 second', now()"
                                        " FROM r RETURNING run_id",
                                        "lease");
  ASSERT_FALSE(run_id.empty());
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  Json run = AwaitRun(server, "run_" + run_id, "lease");
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
  EXPECT_EQ(run["attempts"], 2) << run.dump();
  // The run is done in its commit; its job is marked done right after, in a statement of its own.
  std::string job;
  for (int i = 0; i < 100; ++i) {
    job = QueryValue(url_, "SELECT attempts || ' ' || status FROM jobs WHERE kind = 'reconcile' AND company = $1", "lease");
    if (job != "2 running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(job, "2 done");
  EXPECT_NE(QueryValue(url_, "SELECT last_error FROM jobs WHERE kind = 'reconcile' AND company = $1", "lease").find("gone-host:1:1"),
            std::string::npos);
  EXPECT_TRUE(CheckInvariants(url_, "lease").empty());
}

TEST_F(Jobs, ALiveLeaseIsNotTakenAndAJobOutOfAttemptsFailsWithItsReason) {
  {
    RecondProcess migrator(url_, {{"RECOND_JOB_WORKERS", "0"}});  // creates the tables
    ASSERT_TRUE(migrator.started());
  }
  const std::string held = QueryValue(url_,
                                      "INSERT INTO jobs (kind, company, status, attempts, lease_owner, lease_until)"
                                      " VALUES ('reconcile', $1, 'running', 1, 'busy-host:2:2', now() + interval"
                                      " '1 hour') RETURNING id",
                                      "held");
  const std::string run_id = QueryValue(url_,
                                        "WITH r AS (INSERT INTO reconcile_runs (company, status, attempts)"
                                        " VALUES ($1, 'running', 3) RETURNING id)"
                                        " INSERT INTO jobs (kind, company, run_id, status, attempts, max_attempts,"
                                        " lease_owner, lease_until) SELECT 'reconcile', $1, id, 'running', 3, 3,"
                                        " 'crashy-host:3:3', now() - interval '1 second' FROM r RETURNING run_id",
                                        "doomed");
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  Json run = AwaitRun(server, "run_" + run_id, "doomed");
  EXPECT_EQ(run["status"], "failed") << run.dump();
  EXPECT_NE(run.value("error", "").find("3 attempts"), std::string::npos) << run.dump();
  // The job another live process holds stays with it.
  EXPECT_EQ(QueryValue(url_, "SELECT lease_owner || ' ' || attempts FROM jobs WHERE kind = 'reconcile' AND company = $1", "held"),
            "busy-host:2:2 1");
  (void)held;
}

TEST_F(Jobs, TwoProcessesNeverRunTheSameJob) {
  RecondProcess a(url_, {{"RECOND_JOB_WORKERS", "2"}});
  RecondProcess b(url_, {{"RECOND_JOB_WORKERS", "2"}});
  ASSERT_TRUE(a.started() && b.started());
  constexpr int kCompanies = 4;
  // Built with append: GCC 12 reports a false -Warray-bounds on "literal" + std::string here.
  auto company_name = [](int c) {
    std::string name = "two";
    name.append(std::to_string(c));
    return name;
  };
  for (int c = 0; c < kCompanies; ++c) {
    ASSERT_EQ(Load(a, company_name(c), 40 + static_cast<uint64_t>(c), 80, "S-TWO").status, 201);
  }
  // Many runs of few companies, queued through both processes at once.
  std::vector<std::string> runs;
  for (int round = 0; round < 5; ++round) {
    for (int c = 0; c < kCompanies; ++c) {
      const RecondProcess& via = (round + c) % 2 ? a : b;
      std::string target = "/v1/reconcile?async=true&company=";
      target.append(company_name(c));
      auto q = via.Call("POST", target, "{}");
      ASSERT_EQ(q.status, 202) << q.body;
      runs.push_back(Json::parse(q.body)["run_id"]);
    }
  }
  for (size_t i = 0; i < runs.size(); ++i) {
    Json run = AwaitRun(a, runs[i], company_name(static_cast<int>(i % kCompanies)));
    EXPECT_EQ(run["status"], "done") << run.dump();
  }
  // Each job ran once, by one process.
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'reconcile' AND $1::text = '' AND (attempts <> 1 OR status <> 'done')", ""), "0");
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM reconcile_runs WHERE $1::text = '' AND attempts <> 1", ""), "0");
  for (int c = 0; c < kCompanies; ++c) {
    const std::string company = company_name(c);
    const auto violations = CheckInvariants(url_, company);
    EXPECT_TRUE(violations.empty()) << company << ":\n" << Joined(violations);
    // Runs took turns: no line was proposed by two runs.
    EXPECT_EQ(QueryValue(url_,
                         "SELECT count(*) FROM (SELECT ml.line_id FROM match_lines ml JOIN matches m ON m.id ="
                         " ml.match_id WHERE m.company = $1 GROUP BY ml.line_id HAVING count(DISTINCT m.run_id) > 1) x",
                         company),
              "0");
  }
}

TEST_F(Jobs, ASynchronousRunWhoseProcessIsKilledIsTakenOverAndDone) {
  const std::string co = "synckill";
  const std::map<std::string, std::string> env = {{"RECOND_JOB_LEASE_SECONDS", "2"}};
  auto server = std::make_unique<RecondProcess>(url_, env);
  ASSERT_TRUE(server->started());
  ASSERT_EQ(Load(*server, co, 35, 80, "S-SYNC").status, 201);
  // The run waits for its company's lock, which the test holds, so it is surely running when killed.
  PgSession session(url_);
  session.LockCompanyRuns(co);
  std::thread request([&] {
    try {
      server->Call("POST", "/v1/reconcile?company=" + co, "{}");
    } catch (const std::exception&) {
    }
  });
  std::string run_id;
  for (int i = 0; i < 1200 && run_id.empty(); ++i) {
    run_id = QueryValue(url_, "SELECT max(id) FROM reconcile_runs WHERE company = $1 AND status = 'running'", co);
    if (run_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(run_id.empty()) << "the synchronous run never started";
  server->Kill();
  request.join();
  session.UnlockCompanyRuns(co);

  RecondProcess restarted(url_, env);
  ASSERT_TRUE(restarted.started());
  Json run = AwaitRun(restarted, "run_" + run_id, co);
  ASSERT_EQ(run["status"], "done") << "the run of the killed request: " << run.dump();
  EXPECT_EQ(run["attempts"], 2) << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
  EXPECT_NE(QueryValue(url_, "SELECT last_error FROM jobs WHERE kind = 'reconcile' AND company = $1", co).find("ran out"), std::string::npos);
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM reconcile_runs WHERE company = $1 AND status <> 'done'", co), "0");
  const auto violations = CheckInvariants(url_, co);
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

TEST_F(Jobs, ASynchronousRunLongerThanTheWaitAnswers202AndGoesOn) {
  const std::string co = "syncwait";
  RecondProcess server(url_, {{"RECOND_RECONCILE_WAIT_MS", "500"}});
  ASSERT_TRUE(server.started());
  ASSERT_EQ(Load(server, co, 36, 50, "S-WAIT").status, 201);
  PgSession session(url_);
  session.LockCompanyRuns(co);
  HttpAnswer answer;
  std::atomic<bool> answered{false};
  std::thread request([&] {
    answer = server.Call("POST", "/v1/reconcile?company=" + co, "{}");
    answered = true;
  });
  // The answer comes while the run still waits for the lock; the lock is let go in any case.
  for (int i = 0; i < 300 && !answered; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  session.UnlockCompanyRuns(co);
  request.join();
  ASSERT_EQ(answer.status, 202) << answer.body;
  const Json queued = Json::parse(answer.body);
  EXPECT_EQ(queued["status"], "running") << answer.body;
  EXPECT_EQ(answer.headers["location"], "/v1/runs/" + queued["run_id"].get<std::string>());
  Json run = AwaitRun(server, queued["run_id"], co);
  EXPECT_EQ(run["status"], "done") << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
}

TEST_F(Jobs, ADryRunStillAnswersItsDecisionsAndWritesNoMatch) {
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  ASSERT_EQ(Load(server, "dry", 37, 40, "S-DRY").status, 201);
  auto dry = server.Call("POST", "/v1/reconcile?company=dry&dry_run=true", "{}");
  ASSERT_EQ(dry.status, 200) << dry.body;
  const Json answer = Json::parse(dry.body);
  EXPECT_TRUE(answer["dry_run"].get<bool>());
  EXPECT_FALSE(answer["decisions"].empty()) << dry.body;
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM matches WHERE company = $1", "dry"), "0");
  EXPECT_EQ(QueryValue(url_, "SELECT status || ' ' || max_attempts FROM jobs WHERE kind = 'reconcile' AND company = $1", "dry"), "done 1");
}

TEST_F(Jobs, AJobNoRetryCanFixIsADeadLetterAtOnceAndAReplayRunsItAgain) {
  {
    RecondProcess migrator(url_, {{"RECOND_JOB_WORKERS", "0"}});
    ASSERT_TRUE(migrator.started());
  }
  // A reconcile job whose payload no version of recond reads.
  const std::string job_id = QueryValue(url_,
                                        "WITH r AS (INSERT INTO reconcile_runs (company, status) VALUES ($1, 'queued')"
                                        " RETURNING id) INSERT INTO jobs (kind, company, payload, run_id)"
                                        " SELECT 'reconcile', $1, '{\"account\": 42}', id FROM r RETURNING id",
                                        "deadco");
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  ASSERT_EQ(AwaitValue("SELECT status || ' ' || attempts FROM jobs WHERE kind = 'reconcile' AND company = $1", "deadco", "dead 1"), "dead 1");
  auto dead = server.Call("GET", "/v1/jobs?status=dead&company=deadco");
  ASSERT_EQ(dead.status, 200) << dead.body;
  const Json items = Json::parse(dead.body)["items"];
  ASSERT_EQ(items.size(), 1u) << dead.body;
  EXPECT_EQ(items[0]["id"], "job_" + job_id);
  EXPECT_EQ(items[0]["kind"], "reconcile");
  EXPECT_EQ(items[0]["attempts"], 1);
  EXPECT_NE(items[0]["last_error"].get<std::string>().find("payload of another shape"), std::string::npos);
  EXPECT_EQ(Json::parse(server.Call("GET", "/v1/runs/" + items[0]["run_id"].get<std::string>() + "?company=deadco").body)["status"],
            "failed");
  // A replay queues it with a full set of attempts; it runs (and fails the same way) again.
  auto replay = server.Call("POST", "/v1/jobs/job_" + job_id + "/replay?company=deadco", "");
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(Json::parse(replay.body)["replays"], 1);
  EXPECT_EQ(AwaitValue("SELECT status || ' ' || attempts || ' ' || replays FROM jobs WHERE kind = 'reconcile' AND company = $1", "deadco",
                       "dead 1 1"),
            "dead 1 1");
  // Only a dead job is replayed; ids are checked.
  EXPECT_EQ(server.Call("POST", "/v1/jobs/job_999999/replay?company=deadco", "").status, 404);
  EXPECT_EQ(server.Call("POST", "/v1/jobs/mt_1/replay?company=deadco", "").status, 404);
  EXPECT_EQ(server.Call("GET", "/v1/jobs?status=failed&company=deadco").status, 400);
  EXPECT_EQ(server.Call("GET", "/v1/jobs/job_" + job_id + "?company=other").status, 404);
}

TEST_F(Jobs, ADeadJobReplayedRunsToTheEnd) {
  {
    RecondProcess loader(url_, {{"RECOND_JOB_WORKERS", "0"}});
    ASSERT_TRUE(loader.started());
    ASSERT_EQ(Load(loader, "revive", 38, 60, "S-REVIVE").status, 201);
  }
  // What a job that failed on every attempt leaves: dead, its run failed with the reason.
  const std::string job_id = QueryValue(url_,
                                        "WITH r AS (INSERT INTO reconcile_runs (company, status, attempts, error)"
                                        " VALUES ($1, 'failed', 3, 'the database cannot be reached') RETURNING id)"
                                        " INSERT INTO jobs (kind, company, payload, run_id, status, attempts, last_error)"
                                        " SELECT 'reconcile', $1, '{\"account\":null,\"dry_run\":false}', id, 'dead', 3,"
                                        " 'the database cannot be reached' FROM r RETURNING id",
                                        "revive");
  RecondProcess server(url_);
  ASSERT_TRUE(server.started());
  auto done_before = server.Call("POST", "/v1/jobs/job_" + job_id + "/replay?company=revive", "");
  ASSERT_EQ(done_before.status, 202) << done_before.body;
  const Json job = Json::parse(done_before.body);
  Json run = AwaitRun(server, job["run_id"], "revive");
  EXPECT_EQ(run["status"], "done") << run.dump();
  EXPECT_GT(run["applied"].get<int>(), 0) << run.dump();
  EXPECT_EQ(QueryValue(url_, "SELECT status || ' ' || attempts || ' ' || replays FROM jobs WHERE kind = 'reconcile' AND company = $1", "revive"),
            "done 1 1");
  EXPECT_EQ(server.Call("POST", "/v1/jobs/job_" + job_id + "/replay?company=revive", "").status, 409);
}

// Issue 11: the trigram index of the lines' texts doubled the time of an upload, so the texts
// are written by a job after it (migration 0020). Until then a search reads the pending lines
// directly: a line is found at once after its upload, and again once its text is indexed.
TEST_F(Jobs, TheSearchTextsOfAnUploadAreWrittenAfterItAndItsLinesAreFoundMeanwhile) {
  RecondProcess server(url_, {{"RECOND_JOB_WORKERS", "0"}});  // no job runs: the texts stay pending
  ASSERT_TRUE(server.started());
  const auto items = MakeItems(36, 0, 40);
  const auto lines = MakeLines(36, items, 0, 40);
  ASSERT_EQ(server.Call("POST", "/v1/statements?company=texts", Camt053(lines, "2026-11-20", "S-TEXTS")).status, 201);
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM statements WHERE company = $1 AND texts_pending", "texts"), "1");
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM statement_line_texts WHERE company = $1", "texts"), "0");
  const std::string search = "/v1/lines?company=texts&q=" + lines[7].bank_reference;
  auto pending = server.Call("GET", search);
  ASSERT_EQ(pending.status, 200) << pending.body;
  ASSERT_EQ(Json::parse(pending.body)["items"].size(), 1u) << pending.body;
  EXPECT_EQ(Json::parse(pending.body)["items"][0]["bank_reference"], lines[7].bank_reference) << pending.body;

  // The job waits a minute after the upload (the reconcile that follows goes first); here the
  // minute has passed.
  EXPECT_EQ(QueryValue(url_,
                       "SELECT bool_and(run_after >= created_at + interval '59 seconds') FROM jobs"
                       " WHERE kind = 'line_texts' AND company = $1",
                       "texts"),
            "t");
  QueryValue(url_, "UPDATE jobs SET run_after = now() WHERE kind = 'line_texts' AND company = $1 RETURNING id", "texts");
  RecondProcess worker(url_);  // runs the queued job
  ASSERT_TRUE(worker.started());
  EXPECT_EQ(AwaitValue("SELECT count(*) FROM statements WHERE company = $1 AND texts_pending", "texts", "0"), "0");
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM statement_line_texts WHERE company = $1", "texts"), "40");
  auto indexed = worker.Call("GET", search);
  ASSERT_EQ(indexed.status, 200) << indexed.body;
  EXPECT_EQ(Json::parse(indexed.body)["items"], Json::parse(pending.body)["items"]) << indexed.body;
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'line_texts' AND company = $1 AND status = 'done'",
                       "texts"),
            "1");
}

}  // namespace
}  // namespace recon::testing
