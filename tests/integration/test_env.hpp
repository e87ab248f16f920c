// The environment of database and black-box tests: the throwaway PostgreSQL that
// scripts/test starts (RECOND_TEST_DATABASE_URL), a real recond process on loopback,
// and a small blocking HTTP client.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace recon::testing {

// The test database URL, or "" when none was given (the test then skips, saying why).
std::string TestDatabaseUrl();
inline constexpr const char* kNoDatabase = "RECOND_TEST_DATABASE_URL is not set; scripts/test sets it";

// Drops and recreates the public schema: a clean database for a suite.
void ResetDatabase(const std::string& url);

struct HttpAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// One HTTP/1.1 request to 127.0.0.1:port; a new connection each time. The body is taken by
// value so that a caller timing a large upload can move it in rather than have it copied.
HttpAnswer HttpCall(uint16_t port, const std::string& method, const std::string& target, std::string body = "",
                    const std::map<std::string, std::string>& headers = {});

// A recond process serving on a free loopback port until destroyed (SIGTERM, then wait).
class RecondProcess {
 public:
  static constexpr const char* kToken = "test-token-0123456789";

  // Starts `recond serve` with the given extra environment and waits until /healthz answers.
  // With `log_path`, its standard output and error (the log) go to that file.
  RecondProcess(const std::string& database_url, const std::map<std::string, std::string>& env = {},
                const std::string& log_path = "");
  ~RecondProcess();
  RecondProcess(const RecondProcess&) = delete;
  RecondProcess& operator=(const RecondProcess&) = delete;

  uint16_t port() const { return port_; }
  bool started() const { return started_; }
  // Sends SIGTERM and waits; the exit status (or -1 when killed by a signal).
  int Stop();
  // Sends SIGKILL and reaps.
  void Kill();

  HttpAnswer Call(const std::string& method, const std::string& target, const std::string& body = "",
                  std::map<std::string, std::string> headers = {}) const;

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  bool started_ = false;
};

uint16_t FreePort();

}  // namespace recon::testing
