-- Matching updates open_items.allocated_amount once per allocated item, tens of thousands
-- of rows per run. With no index on the columns such an update changes, PostgreSQL updates
-- the row in place on its page (a HOT update) and touches none of the table's indexes; one
-- index on allocated_amount made every update rewrite all of them, trigram indexes
-- included, and was most of the time of a reconcile run's commit.
--
-- The partial index of open items goes: a run reads all open items of a company in one
-- pass, for which a scan serves as well. Free room on every page keeps updates HOT.
DROP INDEX open_items_company_open;
ALTER TABLE open_items SET (fillfactor = 70);
