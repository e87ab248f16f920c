-- Receipts of every received file (GET /v1/uploads) and CSV profiles stored per company
-- (PUT /v1/csv-profiles/{name}); issue 11, points 1 and 6.

-- One receipt per file handed to the ingest: an upload, or a file of a connection's pull.
-- It is written with its outcome by the transaction that settles the file (stores it, or
-- keeps a refused one's bytes): `stored`, `duplicate` (the same bytes were stored before;
-- nothing new), `refused` (the problem it met), `failed` (recond could not finish: the
-- database went away; nothing was stored). A large file's receipt is written `pending` before
-- the file is read, and completed by that transaction; one left `pending` after its request
-- ended was interrupted (the process died) and stored nothing.
-- Its bytes are those of raw_files (stored, duplicate) or upload_failures (refused), which a
-- retention job purges; the receipt stays with the time of the purge.
CREATE TABLE uploads (
  id                BIGSERIAL PRIMARY KEY,
  company           TEXT NOT NULL,
  received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at       TIMESTAMPTZ,
  source            TEXT NOT NULL CHECK (source IN ('upload', 'pull', 'unrecorded')),
  connection_id     BIGINT,
  pull_id           BIGINT,
  file_name         TEXT,                     -- as the sender named it (multipart filename, the bank's file name)
  size_bytes        BIGINT NOT NULL,
  sha256            TEXT NOT NULL,
  format            TEXT,                     -- named (?format=) until read, then the format read
  profile           TEXT,                     -- the CSV profile named, if any
  outcome           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (outcome IN ('pending', 'stored', 'duplicate', 'refused', 'failed')),
  problem_type      TEXT,                     -- refused, failed: the error code name ("malformed-file")
  problem_detail    TEXT,
  problem_location  TEXT,
  file_id           BIGINT REFERENCES raw_files (id),
  failure_id        BIGINT REFERENCES upload_failures (id),
  content_purged_at TIMESTAMPTZ,
  CHECK ((source = 'pull') = (connection_id IS NOT NULL)),
  CHECK ((outcome IN ('stored', 'duplicate')) = (file_id IS NOT NULL)),
  CHECK (outcome = 'refused' OR failure_id IS NULL),
  CHECK ((outcome IN ('refused', 'failed')) = (problem_type IS NOT NULL)),
  CHECK ((outcome = 'pending') = (finished_at IS NULL))
);
CREATE INDEX uploads_company_id ON uploads (company, id);
CREATE INDEX uploads_company_sha256 ON uploads (company, sha256);
CREATE INDEX uploads_failure ON uploads (failure_id) WHERE failure_id IS NOT NULL;

-- The same refused bytes received again are kept once: the receipt points at the row, whose
-- last_received_at the retention counts from.
ALTER TABLE upload_failures ADD COLUMN last_received_at TIMESTAMPTZ;
UPDATE upload_failures SET last_received_at = received_at;
ALTER TABLE upload_failures ALTER COLUMN last_received_at SET NOT NULL;
ALTER TABLE upload_failures ALTER COLUMN last_received_at SET DEFAULT now();
CREATE INDEX upload_failures_company_sha256 ON upload_failures (company, sha256);
CREATE INDEX upload_failures_last_received ON upload_failures (last_received_at);

-- A file's statements by file: every upload looks the file up this way (and each receipt
-- lists its statements); without the index that was a scan of every statement.
CREATE INDEX statements_file ON statements (file_id, position_in_file);

-- Files received before receipts were kept: one receipt each, source 'unrecorded'.
INSERT INTO uploads (company, received_at, finished_at, source, size_bytes, sha256, format, outcome, file_id)
SELECT company, received_at, received_at, 'unrecorded', size_bytes, sha256, format, 'stored', id
FROM raw_files ORDER BY id;
INSERT INTO uploads (company, received_at, finished_at, source, size_bytes, sha256, outcome, problem_type,
                     problem_detail, problem_location, failure_id)
SELECT company, received_at, received_at, 'unrecorded', size_bytes, sha256, 'refused', error_type, error_detail,
       error_location, id
FROM upload_failures ORDER BY id;

-- CSV profiles a company stored through the API. They shadow the configured directory's
-- and the shipped ones of the same name, for that company only. `profile` is the JSON as
-- validated (the parser's own profile reader), re-serialised.
CREATE TABLE csv_profiles (
  company     TEXT NOT NULL,
  name        TEXT NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  profile     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (company, name)
);
