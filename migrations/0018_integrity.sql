-- Issue 11, points 3 to 5: allocations that keep their item's sign, Idempotency-Keys that a
-- crash does not lock for ever, and jobs that are retried and then dead-lettered.

-- 3. An allocation settles part of its open item: it is never zero and has the sign of the
-- item's amount (a credit note's allocation is negative; a payable's allocation is in the
-- item's terms even though money out pays it). A manual match once wrote +150 to one item and
-- -50 to another for a +100 line, which closed the first beyond what was paid and reopened the
-- second. The sign of the item is not on the allocation row, and a foreign key or a per-row
-- trigger would cost a lookup and a row lock per allocation on a run's commit (0015 dropped the
-- foreign key for that). One set-based check per INSERT statement costs one index probe per
-- row, on items the same transaction has just updated. NOT VALID: rows written before this
-- migration are left to the invariant checks rather than refusing to start.
ALTER TABLE allocations ADD CONSTRAINT allocations_amount_not_zero CHECK (amount <> 0) NOT VALID;

CREATE FUNCTION allocations_have_their_items_sign() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad RECORD;
BEGIN
  -- By id, one primary-key probe each (LATERAL … OFFSET 0 keeps the planner from turning it
  -- into a hash join over every open item).
  SELECT n.match_id, n.amount, o.external_id, o.amount AS item_amount INTO bad
    FROM new_allocations n CROSS JOIN LATERAL
         (SELECT i.external_id, i.amount FROM open_items i WHERE i.id = n.open_item_id OFFSET 0) o
   WHERE sign(n.amount) <> sign(o.amount)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'allocation of % to open item % (amount %) of match % has the opposite sign of the item',
                    bad.amount, bad.external_id, bad.item_amount, bad.match_id
          USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER allocations_item_sign_on_insert AFTER INSERT ON allocations
  REFERENCING NEW TABLE AS new_allocations FOR EACH STATEMENT
  EXECUTE FUNCTION allocations_have_their_items_sign();
CREATE TRIGGER allocations_item_sign_on_update AFTER UPDATE ON allocations
  REFERENCING NEW TABLE AS new_allocations FOR EACH STATEMENT
  EXECUTE FUNCTION allocations_have_their_items_sign();

-- 4. An Idempotency-Key claim has a lease that its process renews while the request runs; a
-- process killed mid-request stops renewing, and a retry claims the key once the lease has run
-- out (until now the key answered "still running" for ever). claim_token tells the request
-- that holds a key from one that held it before. Keys still running when this migration
-- applies were left by processes that died (or will be renewed by their process within a minute).
ALTER TABLE idempotency_keys ADD COLUMN lease_until TIMESTAMPTZ, ADD COLUMN claim_token TEXT;
UPDATE idempotency_keys SET lease_until = now() + interval '1 minute' WHERE status_code IS NULL;

-- 5. A failed job is retried after a backoff (run_after), up to max_attempts; then it is dead:
-- the dead letter that GET /v1/jobs?status=dead lists and POST /v1/jobs/{id}/replay queues
-- again. 'failed' was the dead end before; those jobs are dead letters now.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
UPDATE jobs SET status = 'dead' WHERE status = 'failed';
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'done', 'dead'));
ALTER TABLE jobs
  ADD COLUMN failed_at TIMESTAMPTZ,                                   -- when the last attempt failed
  ADD COLUMN replays   INT NOT NULL DEFAULT 0 CHECK (replays >= 0);   -- times a person queued it again
-- The API lists a company's jobs (and those of the whole database, company ''); periodic jobs
-- look for the last one of their kind.
CREATE INDEX jobs_company ON jobs (company, id);
CREATE INDEX jobs_kind_created ON jobs (kind, created_at);
