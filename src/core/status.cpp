#include "recon/status.hpp"

#include "recon/name_table.hpp"

namespace recon {

std::string_view LineStatusName(LineStatus status) {
  switch (status) {
    case LineStatus::kUnmatched: return "unmatched";
    case LineStatus::kProposed: return "proposed";
    case LineStatus::kMatched: return "matched";
    case LineStatus::kIgnored: return "ignored";
  }
  return "unmatched";
}

std::optional<LineStatus> ParseLineStatus(std::string_view name) {
  return FromName(kAllLineStatuses, LineStatusName, name);
}

std::string_view MatchStatusName(MatchStatus status) {
  switch (status) {
    case MatchStatus::kProposed: return "proposed";
    case MatchStatus::kApplied: return "applied";
    case MatchStatus::kRejected: return "rejected";
    case MatchStatus::kReversed: return "reversed";
  }
  return "proposed";
}

std::optional<MatchStatus> ParseMatchStatus(std::string_view name) {
  return FromName(kAllMatchStatuses, MatchStatusName, name);
}

std::string_view StatementStatusName(StatementStatus status) {
  switch (status) {
    case StatementStatus::kPending: return "pending";
    case StatementStatus::kProcessed: return "processed";
    case StatementStatus::kReconciled: return "reconciled";
    case StatementStatus::kError: return "error";
  }
  return "pending";
}

std::optional<StatementStatus> ParseStatementStatus(std::string_view name) {
  return FromName(kAllStatementStatuses, StatementStatusName, name);
}

std::string_view RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kQueued: return "queued";
    case RunStatus::kRunning: return "running";
    case RunStatus::kDone: return "done";
    case RunStatus::kFailed: return "failed";
  }
  return "queued";
}

std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  return FromName(kAllRunStatuses, RunStatusName, name);
}

}  // namespace recon
