-- A reconcile run's commit writes, per decision, a matches row, its match_lines and its
-- allocations, all in one transaction of one batch (MatchStore::CommitBatch). The foreign
-- keys from match_lines and allocations to matches, and from matches to reconcile_runs,
-- checked each of those rows against a row the same batch (or the run) had just written:
-- 240,000 lookups for 80,000 decisions, a tenth of the commit. They go; the keys to the
-- lines and open items a match touches stay. Matches and runs are never deleted, and the
-- invariant tests check "no allocation / match line without its match" after crashes.
ALTER TABLE match_lines DROP CONSTRAINT match_lines_match_id_fkey;
ALTER TABLE allocations DROP CONSTRAINT allocations_match_id_fkey;
ALTER TABLE matches DROP CONSTRAINT matches_run_id_fkey;
