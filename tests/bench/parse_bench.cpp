// parse_bench: how fast each statement format is read, and how much memory it takes.
//
// Usage: parse_bench [LINES] [FORMAT...]   (LINES defaults to 100000; FORMAT filters by name)
//
// For every format it generates a LINES-line file in memory, then parses it through the
// registry (detection + parse, as uploads are) and prints bytes, MB/s (10^6 bytes per
// second), lines/s and the peak memory the parse added.
//
// Method. Each format runs in a child process forked after the file was generated, so
// that one format's allocations never count against another's. In the child, the
// resident set size is read from /proc/self/statm just before the first parse; after it,
// getrusage(RUSAGE_SELF).ru_maxrss gives the high-water mark (Linux resets it to the
// current RSS at fork). "peak" is the difference: memory the parse needed on top of the
// file already in memory; "x file" is that divided by the file's size.
// Time is the CPU time of the parsing thread (CLOCK_THREAD_CPUTIME_ID), best of three
// parses: the parser is single-threaded, and CPU time stays meaningful on a machine
// that other jobs share, where wall-clock time would measure the neighbours.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench/generators.hpp"
#include "parsers/registry.hpp"
#include "util/allocator_tuning.hpp"

namespace {

struct Format {
  const char* name;
  std::function<std::string(size_t)> generate;
};

long CurrentRssKib() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
  std::fclose(f);
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

size_t CountLines(const recon::ParsedFile& file) {
  size_t n = 0;
  for (const recon::Statement& s : file.statements) n += s.lines.size();
  return n;
}

// Runs in the child: parses three times and prints one row.
int Measure(const Format& format, const std::string& bytes) {
  const long rss_before = CurrentRssKib();
  double best_seconds = 1e9;
  size_t lines = 0;
  long peak_kib = 0;
  for (int run = 0; run < 3; ++run) {
    const double start = ThreadCpuSeconds();
    auto parsed = recon::parsers::ParseStatementFile(bytes, recon::ParseOptions{});
    const double seconds = ThreadCpuSeconds() - start;
    if (!parsed) {
      const recon::Error& e = parsed.error();
      const bool stub = e.code == recon::ErrorCode::kUnsupportedFormat;
      std::printf("%-18s %12zu  %s: %s\n", format.name, bytes.size(), stub ? "not implemented" : "FAILED",
                  e.ToString().c_str());
      return stub ? 0 : 1;
    }
    if (run == 0) {
      peak_kib = PeakRssKib() - rss_before;
      lines = CountLines(*parsed);
    }
    best_seconds = std::min(best_seconds, seconds);
  }
  const double peak_bytes = static_cast<double>(peak_kib) * 1024.0;
  std::printf("%-18s %12zu %8zu %8.3f %8.1f %11.0f %9.1f %7.2f\n", format.name, bytes.size(), lines, best_seconds,
              static_cast<double>(bytes.size()) / 1e6 / best_seconds, static_cast<double>(lines) / best_seconds,
              peak_bytes / 1e6, peak_bytes / static_cast<double>(bytes.size()));
  return 0;
}

bool Wanted(const char* name, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  return std::any_of(filters.begin(), filters.end(),
                     [&](const std::string& f) { return std::string(name).find(f) != std::string::npos; });
}

}  // namespace

int main(int argc, char** argv) {
  // As recond does at start: the best of three parses then measures a server that has parsed
  // a large file before (freed memory reused), not the kernel zeroing fresh pages.
  recon::util::KeepFreedMemoryForReuse();
  size_t line_count = 100'000;
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      line_count = std::stoul(arg);
    } else {
      filters.push_back(arg);
    }
  }
  const std::vector<Format> formats = {
      {"camt.053", [](size_t n) { return recon::bench::GenerateCamt053(n, false); }},
      {"camt.053 indented", [](size_t n) { return recon::bench::GenerateCamt053(n, true); }},
      {"mt940", recon::bench::GenerateMt940},
      {"ofx", recon::bench::GenerateOfx},
      {"csv", recon::bench::GenerateCsv},
  };
  std::printf("%zu lines per file; MB = 10^6 bytes; peak = memory the parse added (see the header comment)\n",
              line_count);
  std::printf("%-18s %12s %8s %8s %8s %11s %9s %7s\n", "format", "bytes", "lines", "cpu s", "MB/s", "lines/s",
              "peak MB", "x file");
  int status = 0;
  for (const Format& format : formats) {
    if (!Wanted(format.name, filters)) continue;
    const std::string bytes = format.generate(line_count);
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
      const int rc = Measure(format, bytes);
      std::fflush(stdout);
      _exit(rc);
    }
    int wstatus = 0;
    waitpid(child, &wstatus, 0);
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) status = 1;
  }
  return status;
}
