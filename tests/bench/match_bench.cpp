// match_bench: how fast the pure matcher is, without a database or a parser.
//
// Usage: match_bench [N] [--threads T]   (N defaults to 100000; T to every core, as recond's
//        match_threads=0 does)
//
// Generates N open items and N statement lines in memory, shaped like
// ../shared/scenario/gen.py: RF references (35 %), document numbers in remittance text in
// several spellings (25 %), partial payments by reference (10 %), known payers paying
// without a reference (10 %), and noise that matches nothing (20 %: card payments, fees,
// rent, salaries, money out). The same N always gives the same data.
//
// Then it runs the engine as the reconciler does (src/reconcile/reconciler.cpp): builds
// the OpenItemIndex, runs MatchLine on T threads over batches of 1,000 lines, Settle, and
// MatchGroups, with the built-in default rule set. It prints each step's wall-clock time,
// the total, lines/s, the process's CPU time, the decisions by rule and outcome, and the
// peak memory the matching added (VmHWM minus the resident size after generating).
// Wall-clock time on a machine that others share measures the neighbours too: the CPU
// time is printed beside it.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "matching/engine.hpp"
#include "matching/evidence/check_digits.hpp"
#include "matching/evidence/counterparty.hpp"

namespace {

using recon::Date;
using recon::Money;
using recon::OpenItem;
using recon::OpenItemKind;
using recon::matching::LineToMatch;

constexpr size_t kBatchLines = 1000;  // as recond's reconcile batch_lines default
constexpr size_t kItemsPerPartner = 4;

// A deterministic generator (splitmix64): the same seed gives the same data everywhere.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
};

Money Eur(int64_t minor) { return Money{minor, *recon::Currency::FromCode("EUR")}; }

std::string Padded(size_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

// An ISO 11649 reference for `body` (digits): RF + check digits + body.
std::string Rf(const std::string& body) {
  const int check = 98 - recon::matching::Mod97(body + "RF00");
  return "RF" + Padded(static_cast<size_t>(check), 2) + body;
}

std::string Iban(size_t partner) { return "NO93" + Padded(partner, 11); }
std::string Document(size_t i) { return "2026-" + Padded(i, 7); }

std::vector<OpenItem> GenerateItems(size_t n) {
  Rng rng{42};
  const Date base = *Date::ParseIso("2026-09-01");
  std::vector<OpenItem> items(n);
  for (size_t i = 0; i < n; ++i) {
    OpenItem& item = items[i];
    const size_t partner = i / kItemsPerPartner;
    item.id = static_cast<int64_t>(i) + 1;
    item.external_id = "INV-" + Document(i);
    item.company = "bench";
    item.kind = OpenItemKind::kReceivable;
    item.partner_id = "C" + Padded(partner, 7);
    item.partner_name = "Customer " + std::to_string(partner) + " AS";
    item.partner_accounts = {Iban(partner)};
    item.document_number = Document(i);
    if (i % 2 == 0) item.structured_reference = Rf("5390" + Padded(i, 9));
    item.amount = Eur(rng.Between(10'00, 20'000'00));
    item.open_amount = item.amount;
    item.issue_date = base.AddDays(static_cast<int32_t>(i % 60));
    item.due_date = item.issue_date->AddDays(30);
  }
  return items;
}

// Line i pays item Target(i): a permutation, so that lines do not walk the items in order.
size_t Target(size_t i, size_t n) { return (i * 7919 + 13) % n; }

std::vector<LineToMatch> GenerateLines(const std::vector<OpenItem>& items) {
  const size_t n = items.size();
  Rng rng{7};
  std::vector<LineToMatch> lines(n);
  static const char* kNoise[] = {"Card payment NARVESEN 0423", "Bank fees November", "Rent office Q4",
                                 "Salary run 11/2026", "Tax prepayment", "ATM withdrawal"};
  for (size_t i = 0; i < n; ++i) {
    LineToMatch& l = lines[i];
    l.id = static_cast<int64_t>(i) + 1;
    l.line.account = "NO9386011117947";
    const size_t k = Target(i, n);
    const OpenItem& item = items[k];
    l.line.booking_date = item.due_date->AddDays(static_cast<int32_t>(rng.Between(-10, 20)));
    l.line.amount = item.open_amount;
    const uint64_t shape = i % 20;
    const std::string doc = *item.document_number;
    if (shape < 7 && item.structured_reference) {          // RF reference, in the field or the text
      if (shape % 2 == 0) l.line.structured_reference = *item.structured_reference;
      else l.line.remittance_info = "Payment " + *item.structured_reference + " thank you";
      l.line.counterparty_name = *item.partner_name;
    } else if (shape < 12) {                               // document number in several spellings
      static const char* kSpellings[] = {"Invoice ", "INV ", "faktura nr. ", "Rechnung Nr ", "inv. "};
      std::string number = doc;
      if (shape % 2 == 0) number.erase(std::remove(number.begin(), number.end(), '-'), number.end());
      l.line.remittance_info = kSpellings[shape % 5] + number + ", thanks";
      l.line.counterparty_name = *item.partner_name;
    } else if (shape < 14) {                               // partial payment by reference
      l.line.structured_reference = item.structured_reference ? *item.structured_reference : Rf("5390" + Padded(k, 9));
      l.line.amount = Eur(item.open_amount.minor / 2);
    } else if (shape < 16) {                               // known payer, no reference
      l.line.counterparty_account = item.partner_accounts[0];
      l.line.counterparty_name = *item.partner_name;
      l.line.remittance_info = "Payment";
    } else {                                               // noise
      l.line.remittance_info = kNoise[rng.Next() % 6];
      l.line.counterparty_name = "Someone " + std::to_string(rng.Next() % 100000);
      l.line.amount = Eur(shape % 2 == 0 ? rng.Between(1'00, 99'999'00) : -rng.Between(1'00, 5'000'00));
    }
    l.payer_keys = recon::matching::PayerKeysOf(l.line);  // as the statement store computes them
  }
  return lines;
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

long StatusKib(const char* field) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char row[256];
  long kib = 0;
  const size_t len = std::strlen(field);
  while (std::fgets(row, sizeof row, f)) {
    if (std::strncmp(row, field, len) == 0) kib = std::atol(row + len + 1);
  }
  std::fclose(f);
  return kib;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The reconciler's MatchParallel: batches of kBatchLines taken by `threads` workers.
std::vector<std::vector<recon::MatchDecision>> MatchParallel(const std::vector<LineToMatch>& lines,
                                                             const recon::matching::MatchContext& ctx, int threads,
                                                             double& cpu_seconds) {
  std::vector<std::vector<recon::MatchDecision>> per_line(lines.size());
  const size_t batches = (lines.size() + kBatchLines - 1) / kBatchLines;
  std::atomic<size_t> next{0};
  std::atomic<int64_t> cpu_ns{0};
  auto worker = [&] {
    const double start = ThreadCpuSeconds();
    for (size_t b = next++; b < batches; b = next++) {
      const size_t end = std::min(lines.size(), (b + 1) * kBatchLines);
      for (size_t i = b * kBatchLines; i < end; ++i) per_line[i] = recon::matching::MatchLine(lines[i], ctx);
    }
    cpu_ns += static_cast<int64_t>((ThreadCpuSeconds() - start) * 1e9);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  cpu_seconds = static_cast<double>(cpu_ns.load()) / 1e9;
  return per_line;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100'000;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--threads") == 0 && a + 1 < argc) threads = std::max(1, std::atoi(argv[++a]));
    else if (std::atol(argv[a]) > 0) n = static_cast<size_t>(std::atol(argv[a]));
    else {
      std::fprintf(stderr, "usage: match_bench [N] [--threads T]\n");
      return 2;
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto g0 = Clock::now();
  std::vector<OpenItem> items = GenerateItems(n);
  std::vector<LineToMatch> lines = GenerateLines(items);
  const auto g1 = Clock::now();
  const long rss_before = StatusKib("VmRSS:");
  const double cpu0 = CpuSeconds();

  double cpu_step[4] = {0, 0, 0, 0};  // thread CPU seconds of each step (MatchLine: all workers)
  const auto t0 = Clock::now();
  double c = ThreadCpuSeconds();
  const recon::matching::OpenItemIndex index(std::move(items));
  cpu_step[0] = ThreadCpuSeconds() - c;
  const auto t1 = Clock::now();
  const recon::matching::RuleSet rules = recon::matching::DefaultRuleSet();
  const recon::matching::PayerHistory history;
  const recon::matching::RejectedSet rejected;
  const recon::matching::MatchContext ctx{index, rules, history, rejected};
  auto per_line = MatchParallel(lines, ctx, threads, cpu_step[1]);
  const auto t2 = Clock::now();
  c = ThreadCpuSeconds();
  auto settled = recon::matching::Settle(lines, std::move(per_line), index);
  cpu_step[2] = ThreadCpuSeconds() - c;
  const auto t3 = Clock::now();
  c = ThreadCpuSeconds();
  auto decisions = recon::matching::MatchGroups(
      lines, std::move(settled),
      {index, [&rules](const std::string&) -> const recon::matching::RuleSet& { return rules; }, rejected});
  cpu_step[3] = ThreadCpuSeconds() - c;
  const auto t4 = Clock::now();
  const double cpu = CpuSeconds() - cpu0;
  const long peak = StatusKib("VmHWM:");

  std::map<std::string, std::pair<size_t, size_t>> by_rule;  // rule -> (applied, proposed best)
  for (const recon::MatchDecision& d : decisions) {
    if (d.outcome == recon::MatchOutcome::kApply) by_rule[d.rule].first++;
    else if (d.rank == 0) by_rule[d.rule].second++;
  }
  const double total = Seconds(t0, t4);
  std::printf("match_bench: %zu lines x %zu open items, %d threads, default rules\n", n, n, threads);
  std::printf("  generate        %8.3f s (not counted)\n", Seconds(g0, g1));
  std::printf("  step            wall s   CPU s\n");
  std::printf("  index build     %8.3f %7.3f\n", Seconds(t0, t1), cpu_step[0]);
  std::printf("  MatchLine       %8.3f %7.3f (%d threads, batches of %zu; CPU of all workers)\n", Seconds(t1, t2),
              cpu_step[1], threads, kBatchLines);
  std::printf("  Settle          %8.3f %7.3f\n", Seconds(t2, t3), cpu_step[2]);
  std::printf("  MatchGroups     %8.3f %7.3f\n", Seconds(t3, t4), cpu_step[3]);
  std::printf("  total           %8.3f s  = %.0f lines/s (wall clock); CPU %.3f s\n", total,
              static_cast<double>(n) / total, cpu);
  std::printf("  memory          %8.1f MB peak added by matching (VmHWM %ld KiB - RSS after generating %ld KiB)\n",
              static_cast<double>(peak - rss_before) / 1024.0, peak, rss_before);
  for (const auto& [rule, counts] : by_rule) {
    std::printf("  %-22s %8zu applied %8zu proposed\n", rule.c_str(), counts.first, counts.second);
  }
  return decisions.empty() ? 1 : 0;
}
