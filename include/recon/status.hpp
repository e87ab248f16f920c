// The states of what recond stores and decides: a statement line, a match, a statement and
// a reconcile run. Each has one name table (src/core/status.cpp): the names are what the
// database stores, what the API answers and what a `status` query parameter takes, so they
// never change. A test walks every value of every table.
#pragma once

#include <optional>
#include <string_view>

namespace recon {

// A statement line: what recond has done with its amount.
enum class LineStatus {
  kUnmatched,  // nothing, or part of it, is allocated
  kProposed,   // a proposal waits for a person
  kMatched,    // all of it is allocated
  kIgnored,    // a person took it out of matching
};
inline constexpr LineStatus kAllLineStatuses[] = {LineStatus::kUnmatched, LineStatus::kProposed, LineStatus::kMatched,
                                                  LineStatus::kIgnored};
// "unmatched", "proposed", "matched", "ignored".
std::string_view LineStatusName(LineStatus status);
// The status of that name; nullopt for any other text.
std::optional<LineStatus> ParseLineStatus(std::string_view name);

// A match: proposed -> applied | rejected; applied -> reversed.
enum class MatchStatus {
  kProposed,  // waits for a person
  kApplied,   // its amounts are allocated
  kRejected,  // a person (or the approval of an alternative) turned it down
  kReversed,  // it was applied and undone: its amounts are open again
};
inline constexpr MatchStatus kAllMatchStatuses[] = {MatchStatus::kProposed, MatchStatus::kApplied,
                                                    MatchStatus::kRejected, MatchStatus::kReversed};
// "proposed", "applied", "rejected", "reversed".
std::string_view MatchStatusName(MatchStatus status);
std::optional<MatchStatus> ParseMatchStatus(std::string_view name);

// A statement. A statement row is written only with its file's lines, so stored statements
// are processed or reconciled; pending and error are still accepted names (a filter on them
// finds nothing).
enum class StatementStatus {
  kPending,
  kProcessed,   // stored
  kReconciled,  // no line of it is left open
  kError,
};
inline constexpr StatementStatus kAllStatementStatuses[] = {StatementStatus::kPending, StatementStatus::kProcessed,
                                                            StatementStatus::kReconciled, StatementStatus::kError};
// "pending", "processed", "reconciled", "error".
std::string_view StatementStatusName(StatementStatus status);
std::optional<StatementStatus> ParseStatementStatus(std::string_view name);

// A reconcile run: queued -> running -> done | queued (a retry) | failed (its job is dead).
enum class RunStatus { kQueued, kRunning, kDone, kFailed };
inline constexpr RunStatus kAllRunStatuses[] = {RunStatus::kQueued, RunStatus::kRunning, RunStatus::kDone,
                                                RunStatus::kFailed};
// "queued", "running", "done", "failed".
std::string_view RunStatusName(RunStatus status);
std::optional<RunStatus> ParseRunStatus(std::string_view name);

}  // namespace recon
