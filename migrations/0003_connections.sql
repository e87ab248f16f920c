-- Bank connections (issue 6): configured connector instances, their encrypted secrets, the
-- history of pulls with the cursor each one ended at, dead letters of pulls that failed for
-- good, and the per-day budget of unattended pulls (PSD2 allows 4 a day without the customer).
-- Secrets are never stored in clear: `sealed` is "<key id>:base64(nonce|ciphertext|tag)"
-- (AES-256-GCM, src/security/secret_box.hpp) and key_id repeats the key id so that a key
-- rotation can find what still needs re-sealing with one query.

CREATE TABLE connections (
  id                BIGSERIAL PRIMARY KEY,
  company           TEXT NOT NULL,
  name              TEXT NOT NULL,
  type              TEXT NOT NULL,                  -- a connector type: berlin-group, file-download, directory
  settings          JSONB NOT NULL DEFAULT '{}',    -- non-secret settings handed to the connector
  schedule          TEXT,                           -- 5-field cron expression, NULL = pulled only on demand
  schedule_tz       TEXT NOT NULL DEFAULT 'UTC',    -- 'UTC' or a fixed offset like '+01:00'
  next_pull_at      TIMESTAMPTZ,                    -- when the scheduler enqueues the next pull
  pulls_per_day_max INT NOT NULL DEFAULT 4 CHECK (pulls_per_day_max BETWEEN 1 AND 1000),
  enabled           BOOLEAN NOT NULL DEFAULT true,
  cursor            TEXT NOT NULL DEFAULT '',       -- where the next pull resumes (connector-defined)
  needs_person      TEXT,                           -- why a person must act (consent expired), NULL when fine
  consent_expires_at TIMESTAMPTZ,                   -- the bank consent's expiry, when known
  oauth_state       TEXT,                           -- SHA-256 hex of the pending consent request's state
  last_success_at   TIMESTAMPTZ,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at        TIMESTAMPTZ,                    -- connections are retired, not erased: pulls keep their history
  CHECK (name <> '')
);
CREATE UNIQUE INDEX connections_company_name ON connections (company, name) WHERE deleted_at IS NULL;
CREATE INDEX connections_due ON connections (next_pull_at) WHERE deleted_at IS NULL AND schedule IS NOT NULL;
CREATE UNIQUE INDEX connections_oauth_state ON connections (oauth_state) WHERE oauth_state IS NOT NULL;

-- One row per secret setting (client_secret, refresh_token, ...). A rotated refresh token
-- replaces its row in its own transaction before the connector uses it.
CREATE TABLE connection_secrets (
  connection_id BIGINT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  key_id        TEXT NOT NULL,
  sealed        TEXT NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, name),
  CHECK (sealed LIKE key_id || ':%')
);

-- Every pull: who started it, how it ended, what it stored, and the cursor before and after.
CREATE TABLE connection_pulls (
  id              BIGSERIAL PRIMARY KEY,
  connection_id   BIGINT NOT NULL REFERENCES connections (id),
  company         TEXT NOT NULL,
  trigger         TEXT NOT NULL CHECK (trigger IN ('api', 'cli', 'schedule', 'replay')),
  status          TEXT NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'needs_person')),
  started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at     TIMESTAMPTZ,
  files           INT NOT NULL DEFAULT 0,          -- files and record batches handed to ingest
  statements      INT NOT NULL DEFAULT 0,          -- statements newly stored
  lines           INT NOT NULL DEFAULT 0,          -- lines newly stored
  duplicates      INT NOT NULL DEFAULT 0,          -- lines or files already stored before
  errors          JSONB NOT NULL DEFAULT '[]',     -- [{"type","detail","location"?}]
  cursor_before   TEXT NOT NULL DEFAULT '',
  cursor_after    TEXT,                            -- NULL unless the pull succeeded
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX connection_pulls_connection ON connection_pulls (connection_id, id);

-- Pulls that failed after every retry, with their last error, until someone replays them.
CREATE TABLE connection_dead_letters (
  id            BIGSERIAL PRIMARY KEY,
  connection_id BIGINT NOT NULL REFERENCES connections (id),
  company       TEXT NOT NULL,
  pull_id       BIGINT NOT NULL REFERENCES connection_pulls (id),
  last_error    TEXT NOT NULL,
  attempts      INT NOT NULL DEFAULT 1,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed')),
  replay_pull_id BIGINT REFERENCES connection_pulls (id),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX connection_dead_letters_open ON connection_dead_letters (company, id) WHERE status = 'open';

-- Pulls started per connection and UTC day, counted before the bank is called.
CREATE TABLE connection_pull_budget (
  connection_id BIGINT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  day           DATE NOT NULL,
  used          INT NOT NULL CHECK (used >= 0),
  PRIMARY KEY (connection_id, day)
);
