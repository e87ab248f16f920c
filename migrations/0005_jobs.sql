-- Background work as rows: reconcile runs now (connector pulls and webhook deliveries
-- later). A process takes a job with FOR UPDATE SKIP LOCKED and holds it by a lease it
-- renews while working; a job whose lease ran out belonged to a process that died and is
-- taken again, up to max_attempts.
CREATE TABLE jobs (
  id            BIGSERIAL PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$'),
  company       TEXT NOT NULL,
  payload       JSONB NOT NULL DEFAULT '{}',
  status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts      INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts  INT NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  run_after     TIMESTAMPTZ NOT NULL DEFAULT now(),
  lease_owner   TEXT,                       -- "host:pid:nonce" of the process holding it
  lease_until   TIMESTAMPTZ,
  last_error    TEXT,
  run_id        BIGINT REFERENCES reconcile_runs (id),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at    TIMESTAMPTZ,
  finished_at   TIMESTAMPTZ,
  CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
);
-- What a worker scans: only unfinished jobs, oldest first.
CREATE INDEX jobs_unfinished ON jobs (id) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_run ON jobs (run_id) WHERE run_id IS NOT NULL;

-- The reconcile run a job belongs to remembers how often it was started.
ALTER TABLE reconcile_runs ADD COLUMN attempts INT NOT NULL DEFAULT 0;
