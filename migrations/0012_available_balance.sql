-- A statement's available balance (camt CLAV/ITAV, MT940 :64:, OFX AVAILBAL) and the date it
-- is for: finance staff check it against the bank portal, treasury plans with it. Kept beside
-- the booked opening and closing balances; it takes no part in the balance check.
ALTER TABLE statements ADD COLUMN available_balance BIGINT;
ALTER TABLE statements ADD COLUMN available_date DATE;
