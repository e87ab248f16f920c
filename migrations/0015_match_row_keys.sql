-- The foreign keys from match_lines to statement_lines and from allocations to open_items
-- go, like those to matches in 0011. Each checked every row a commit batch wrote (a lookup
-- and a row lock per row: 1,600,000 for a million lines) against a line or item that the
-- same batch had just read and, for an applied match, updated by a guarded UPDATE whose row
-- count the batch compares with what it expects, so a missing row already fails the batch.
-- A manual match reads its lines and items under lock before writing. Lines and open items
-- are never deleted. The invariant tests check "every match line names a line, every
-- allocation an open item, of the match's company" after every crash test.
ALTER TABLE match_lines DROP CONSTRAINT match_lines_line_id_fkey;
ALTER TABLE allocations DROP CONSTRAINT allocations_open_item_id_fkey;
