#include "reconcile/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "matching/engine.hpp"

namespace recon::reconcile {

Result<RunResult> Reconciler::Run(const std::string& company, const std::optional<std::string>& account) {
  auto run_id = matches_.CreateRun(company, account);
  if (!run_id) return run_id.take_error();
  const auto start = std::chrono::steady_clock::now();
  auto result = Execute(*run_id, company, account);
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  if (!result) {
    Status s = matches_.FinishRun(*run_id, {}, ms, result.error().message);
    (void)s;
    return result;
  }
  result->duration_ms = ms;
  if (Status s = matches_.FinishRun(*run_id, result->counts, ms, std::nullopt); !s) return s.error();
  spdlog::info("reconcile run {} for {}: {} lines, {} applied, {} proposed, {} unmatched in {} ms", *run_id, company,
               result->counts.lines_considered, result->counts.applied, result->counts.proposed,
               result->counts.unmatched, ms);
  return result;
}

Result<RunResult> Reconciler::Execute(int64_t run_id, const std::string& company,
                                      const std::optional<std::string>& account) {
  std::vector<matching::LineToMatch> lines;
  std::vector<OpenItem> items;
  {
    auto conn = pool_.Acquire();
    if (!conn) return conn.take_error();
    auto stored = matches_.LoadUnmatchedLines(**conn, company, account);
    if (!stored) return stored.take_error();
    lines.reserve(stored->size());
    for (storage::StoredLine& s : *stored) lines.push_back({s.id, std::move(s.line)});
    auto open = items_.LoadOpen(**conn, company);
    if (!open) return open.take_error();
    items = std::move(*open);
  }
  const matching::OpenItemIndex index(std::move(items));
  std::vector<MatchDecision> decisions = matching::MatchAll(lines, index);

  RunResult result;
  result.run_id = run_id;
  result.counts.lines_considered = static_cast<int>(lines.size());
  std::set<int64_t> applied_lines, proposed_lines;
  for (size_t start = 0; start < decisions.size(); start += settings_.batch_lines) {
    const size_t end = std::min(decisions.size(), start + settings_.batch_lines);
    std::vector<MatchDecision> batch(decisions.begin() + static_cast<std::ptrdiff_t>(start),
                                     decisions.begin() + static_cast<std::ptrdiff_t>(end));
    auto committed = matches_.CommitBatch(company, run_id, batch);
    if (!committed) return committed.take_error();
    for (const MatchDecision& d : batch) {
      metrics_.CountMatch(d.rule, d.outcome == MatchOutcome::kApply ? "applied" : "proposed");
      for (int64_t id : d.line_ids) (d.outcome == MatchOutcome::kApply ? applied_lines : proposed_lines).insert(id);
    }
    if (committed->conflicts > 0) {
      spdlog::warn("reconcile run {}: {} decisions found their amounts already allocated", run_id, committed->conflicts);
    }
  }
  for (int64_t id : applied_lines) proposed_lines.erase(id);
  result.counts.applied = static_cast<int>(applied_lines.size());
  result.counts.proposed = static_cast<int>(proposed_lines.size());
  result.counts.unmatched = result.counts.lines_considered - result.counts.applied - result.counts.proposed;
  if (Status s = matches_.MarkReconciledStatements(company); !s) return s.error();
  return result;
}

}  // namespace recon::reconcile
