#include "integration/test_env.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

namespace recon::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string TestDatabaseUrl() {
  const char* url = std::getenv("RECOND_TEST_DATABASE_URL");
  return url ? url : "";
}

void ResetDatabase(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("test database unreachable: " + why);
  }
  PGresult* r = PQexec(conn, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string why = PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("cannot reset the test database: " + why);
}

uint16_t FreePort() {
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

HttpAnswer HttpCall(uint16_t port, const std::string& method, const std::string& target, std::string body,
                    const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(120));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST") {
    req.body() = std::move(body);
    req.prepare_payload();
  }
  beast::error_code ec;
  // A server may answer (413, say) and close before the whole body is sent; read its answer anyway.
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1u << 30);
  http::read(stream, buffer, parser, ec);
  if (ec) throw std::runtime_error("HTTP read failed: " + ec.message());
  auto res = parser.release();
  HttpAnswer answer;
  answer.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    answer.headers[name] = std::string(field.value());
  }
  answer.body = std::move(res.body());
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return answer;
}

RecondProcess::RecondProcess(const std::string& database_url, const std::map<std::string, std::string>& env,
                             const std::string& log_path) {
  port_ = FreePort();
  // The child's environment is made here, before fork: between fork and exec a child of a
  // process with threads may only make async-signal-safe calls. A setenv (malloc) there
  // deadlocked the child when another thread of the test held the allocator's lock at the
  // fork, and recond then "did not start" under load.
  std::map<std::string, std::string> vars = {
      {"RECOND_DATABASE_URL", database_url},
      {"RECOND_LISTEN", "127.0.0.1:" + std::to_string(port_)},
      {"RECOND_DEV_TOKEN", kToken},
      {"RECOND_LOG_FORMAT", "json"},
      {"RECOND_LOG_LEVEL", "warn"},
      {"RECOND_THREADS", "2"},
      // Tests reconcile explicitly and check the counts of that run; the tests of reconciling
      // after an upload switch it on. Idle job workers look often, so queued runs start soon.
      {"RECOND_AUTO_RECONCILE", "false"},
      {"RECOND_JOB_POLL_MS", "100"},
      // The mock banks listen on plain http at 127.0.0.1, which recond refuses by default; the
      // tests of those refusals switch these off again.
      {"RECOND_CONNECTIONS_ALLOW_PLAIN_HTTP_LOOPBACK", "true"},
      {"RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED", "true"},
  };
  for (const auto& [k, v] : env) vars[k] = v;
  std::vector<std::string> entries;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (!vars.contains(entry.substr(0, entry.find('=')))) entries.push_back(entry);
  }
  for (const auto& [k, v] : vars) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  char* const argv[] = {const_cast<char*>(RECOND_BINARY), const_cast<char*>("serve"), nullptr};

  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // A test process that dies without unwinding (a sanitizer abort, a crash) takes its recond
    // with it: left running, it would work on the next test's database and hold ctest's output
    // pipe open. Every RecondProcess is made on the test's main thread, whose end the signal
    // follows.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before the line above
    if (!log_path.empty()) {
      const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0) _exit(126);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execve(RECOND_BINARY, argv, envp.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;  // it died; started_ stays false
    }
    try {
      if (HttpCall(port_, "GET", "/healthz").status == 200) {
        started_ = true;
        return;
      }
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

RecondProcess::~RecondProcess() {
  if (pid_ <= 0) return;
  // A recond still running is asked to stop as a deployment would; it must exit cleanly
  // (under the sanitizers that includes LeakSanitizer's check of what it left allocated).
  const int code = Stop();
  if (code != 0) ADD_FAILURE() << "recond exited with status " << code << " after SIGTERM";
}

int RecondProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void RecondProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

HttpAnswer RecondProcess::Call(const std::string& method, const std::string& target, const std::string& body,
                               std::map<std::string, std::string> headers) const {
  if (!headers.count("Authorization")) headers["Authorization"] = std::string("Bearer ") + kToken;
  return HttpCall(port_, method, target, body, headers);
}

}  // namespace recon::testing
