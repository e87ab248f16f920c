-- Open items keep half of each page free (0008 kept 30%). A reconcile run updates
-- allocated_amount of most items it matches; the update is HOT (no index entry written,
-- the three trigram indexes included) only while the new version fits on the item's own
-- page. With 30% free, a page of items allocated in one run filled up after a third of
-- them: 36% of 70,000 allocations at 100,000 items went to another page and wrote a new
-- entry into each of the table's seven indexes. Half free leaves room for one new version
-- of every item on the page; pages written before this migration keep their old room.
ALTER TABLE open_items SET (fillfactor = 50);
