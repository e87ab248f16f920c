// e2e_bench: recond end to end on generated data (issue 5, point 6).
//
//   e2e_bench --database-url URL [--lines N] [--items N] [--threads N]
//
// Resets the database's public schema, generates N open items and a camt.053 of N lines
// shaped like ../shared/scenario/gen.py (RF references, document numbers in text, partial
// payments, noise), starts the recond binary of this build, pushes the items
// (POST /v1/open-items in chunks), uploads the file, reconciles, and prints the time of
// each step, lines/s, recond's peak RSS (VmHWM) and, as the baseline of the ingest path,
// a plain COPY of the same lines into a scratch table shaped like statement_lines.
// recond's own log (level info) goes to e2e_bench_recond.log in the working directory.
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/test_env.hpp"

namespace {

using recon::testing::GenLine;
using Clock = std::chrono::steady_clock;
constexpr const char* kToken = "bench-token-0123456789";
constexpr const char* kCompany = "bench";

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "e2e_bench: %s\n", why.c_str());
  std::exit(1);
}

pid_t StartRecond(const std::string& url, uint16_t port, int threads) {
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("RECOND_DATABASE_URL", url.c_str(), 1);
    setenv("RECOND_LISTEN", ("127.0.0.1:" + std::to_string(port)).c_str(), 1);
    setenv("RECOND_DEV_TOKEN", kToken, 1);
    setenv("RECOND_LOG_FORMAT", "json", 1);
    const char* log_level = getenv("E2E_LOG_LEVEL");  // debug: every request with its duration
    setenv("RECOND_LOG_LEVEL", log_level ? log_level : "info", 1);
    setenv("RECOND_BODY_BYTES_MAX", std::to_string(4ull << 30).c_str(), 1);
    // The benchmark times its own POST /v1/reconcile; a run queued by the upload would race it.
    setenv("RECOND_AUTO_RECONCILE", "false", 1);
    if (threads > 0) setenv("RECOND_THREADS", std::to_string(threads).c_str(), 1);
    const int log = open("e2e_bench_recond.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    execl(RECOND_BINARY, RECOND_BINARY, "serve", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) Die("recond exited at start; see e2e_bench_recond.log");
    try {
      if (recon::testing::HttpCall(port, "GET", "/healthz").status == 200) return pid;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  Die("recond did not answer /healthz within 60 s");
}

long PeakRssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

recon::testing::HttpAnswer Post(uint16_t port, const std::string& target, std::string body,
                                const std::string& type = "application/json") {
  return recon::testing::HttpCall(port, "POST", target, std::move(body),
                                  {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", type}});
}

void Exec(PGconn* conn, const char* sql) {
  PGresult* r = PQexec(conn, sql);
  const auto st = PQresultStatus(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) Die(std::string("SQL failed: ") + PQerrorMessage(conn));
}

// A single text value from the database; dies when the query fails.
std::string QueryText(PGconn* conn, const char* sql) {
  PGresult* r = PQexec(conn, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) Die(std::string("SQL failed: ") + PQerrorMessage(conn));
  std::string value = PQgetvalue(r, 0, 0);
  PQclear(r);
  return value;
}

// The baseline: the rows recond stored for the upload, every column its COPY writes (all but
// id, status and matched_amount, which it leaves to their defaults), read back out in COPY
// text format and then COPYed (timed) in 1 MiB pieces, in one transaction, into a table
// shaped like statement_lines (same columns, defaults, checks and indexes); seconds. Reading
// the stored rows makes the baseline's rows the same as recond's, field for field: the
// counterparty keys, details and 32-character fingerprints included.
double CopyBaseline(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) Die(std::string("database unreachable: ") + PQerrorMessage(conn));
  const std::string columns = QueryText(
      conn,
      "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns"
      " WHERE table_schema = current_schema() AND table_name = 'statement_lines'"
      " AND column_name NOT IN ('id', 'status', 'matched_amount')");
  std::string rows;
  PGresult* r = PQexec(conn, ("COPY (SELECT " + columns + " FROM statement_lines ORDER BY id) TO STDOUT").c_str());
  if (PQresultStatus(r) != PGRES_COPY_OUT) Die(std::string("COPY TO refused: ") + PQerrorMessage(conn));
  PQclear(r);
  char* row = nullptr;
  int n = 0;
  while ((n = PQgetCopyData(conn, &row, 0)) > 0) {
    rows.append(row, static_cast<size_t>(n));
    PQfreemem(row);
  }
  if (n != -1) Die(std::string("COPY TO failed: ") + PQerrorMessage(conn));
  PQclear(PQgetResult(conn));

  Exec(conn, "DROP TABLE IF EXISTS bench_copy_lines");
  Exec(conn, "CREATE TABLE bench_copy_lines (LIKE statement_lines INCLUDING ALL)");
  const auto start = Clock::now();
  Exec(conn, "BEGIN");
  r = PQexec(conn, ("COPY bench_copy_lines (" + columns + ") FROM STDIN").c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) Die(std::string("COPY refused: ") + PQerrorMessage(conn));
  PQclear(r);
  constexpr size_t kPiece = size_t{1} << 20;
  for (size_t at = 0; at < rows.size(); at += kPiece) {
    const size_t size = std::min(kPiece, rows.size() - at);
    if (PQputCopyData(conn, rows.data() + at, static_cast<int>(size)) != 1) Die(PQerrorMessage(conn));
  }
  if (PQputCopyEnd(conn, nullptr) != 1) Die(PQerrorMessage(conn));
  r = PQgetResult(conn);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("COPY failed: ") + PQerrorMessage(conn));
  PQclear(r);
  Exec(conn, "COMMIT");
  const double s = Seconds(start);
  Exec(conn, "DROP TABLE bench_copy_lines");
  PQfinish(conn);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  size_t lines_n = 100000, items_n = 100000;
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--database-url") url = value();
    else if (a == "--lines") lines_n = std::stoull(value());
    else if (a == "--items") items_n = std::stoull(value());
    else if (a == "--threads") threads = std::stoi(value());
    else Die("usage: e2e_bench --database-url URL [--lines N] [--items N] [--threads N]");
  }
  if (url.empty()) Die("--database-url is required");

  std::printf("e2e_bench: %zu lines, %zu open items, recond %s\n", lines_n, items_n, RECOND_BINARY);
  auto t = Clock::now();
  const auto items = recon::testing::MakeItems(1, 0, items_n);
  const auto lines = recon::testing::MakeLines(1, items, 0, lines_n);
  std::string file = recon::testing::Camt053(lines, "2026-11-20", "BENCH-1");
  std::printf("  generated          %8.2f s  (camt.053 %.1f MB)\n", Seconds(t), file.size() / 1e6);

  recon::testing::ResetDatabase(url);
  const uint16_t port = recon::testing::FreePort();
  const pid_t pid = StartRecond(url, port, threads);

  constexpr size_t kChunk = 10000;
  t = Clock::now();
  for (size_t from = 0; from < items.size(); from += kChunk) {
    auto res = Post(port, std::string("/v1/open-items?company=") + kCompany,
                    recon::testing::ItemsJson(items, from, from + kChunk));
    if (res.status != 200) Die("open items push answered " + std::to_string(res.status) + ": " + res.body);
  }
  const double push_s = Seconds(t);

  t = Clock::now();
  // Moved into the request: the upload's time is recond's, not a copy of the file in the benchmark.
  auto up = Post(port, std::string("/v1/statements?company=") + kCompany, std::move(file), "application/octet-stream");
  const double upload_s = Seconds(t);
  if (up.status != 201) Die("upload answered " + std::to_string(up.status) + ": " + up.body.substr(0, 500));
  const long upload_rss_kib = PeakRssKiB(pid);

  t = Clock::now();
  auto run = Post(port, std::string("/v1/reconcile?company=") + kCompany, "{}");
  const double reconcile_s = Seconds(t);
  if (run.status != 200) Die("reconcile answered " + std::to_string(run.status) + ": " + run.body.substr(0, 500));
  const long rss_kib = PeakRssKiB(pid);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);

  const double copy_s = CopyBaseline(url);
  const auto r = nlohmann::json::parse(run.body);
  std::printf("  items push         %8.2f s  (%zu items in chunks of %zu)\n", push_s, items.size(), kChunk);
  std::printf("  upload             %8.2f s  (%.0f lines/s)\n", upload_s, lines.size() / upload_s);
  std::printf("  reconcile          %8.2f s  (%.0f lines/s; applied %s, proposed %s, unmatched %s, server %s ms)\n",
              reconcile_s, lines.size() / reconcile_s, r.value("applied", nlohmann::json()).dump().c_str(),
              r.value("proposed", nlohmann::json()).dump().c_str(), r.value("unmatched", nlohmann::json()).dump().c_str(),
              r.value("duration_ms", nlohmann::json()).dump().c_str());
  std::printf("  upload + reconcile %8.2f s  (%.0f lines/s)\n", upload_s + reconcile_s,
              lines.size() / (upload_s + reconcile_s));
  std::printf("  total              %8.2f s  (push + upload + reconcile)\n", push_s + upload_s + reconcile_s);
  std::printf("  recond peak RSS    %8.1f MiB (VmHWM; %.1f MiB by the end of the upload)\n", rss_kib / 1024.0,
              upload_rss_kib / 1024.0);
  std::printf("  plain COPY         %8.2f s  (the rows recond stored, into a table shaped like statement_lines)\n", copy_s);
  std::printf("  upload / COPY      %8.2f x\n", upload_s / copy_s);
  return 0;
}
