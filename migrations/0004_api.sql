-- Idempotency keys of POST requests: the first answer is kept and replayed for the same
-- key and body; the same key with another body is refused.
CREATE TABLE idempotency_keys (
  company       TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,             -- SHA-256 of method, path, query and body
  status_code   INT,                       -- NULL while the first request is still running
  content_type  TEXT,
  response_body BYTEA,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (company, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
