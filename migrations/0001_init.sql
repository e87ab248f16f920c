-- recond's first schema: files, statements, lines, open items, runs, matches and allocations.
-- Every table is keyed by company so that the data can be distributed by company later.
-- Money is BIGINT minor units with a currency column beside it; never numeric or float.

CREATE TABLE raw_files (
  id            BIGSERIAL PRIMARY KEY,
  company       TEXT NOT NULL,
  sha256        TEXT NOT NULL,            -- lower-case hex of the file's bytes
  size_bytes    BIGINT NOT NULL,
  content       BYTEA NOT NULL,           -- kept as received, for audit and re-parsing
  format        TEXT NOT NULL,
  received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (company, sha256)
);

-- Files that could not be read: the failure and the bytes, for audit. No statement, no line.
CREATE TABLE upload_failures (
  id            BIGSERIAL PRIMARY KEY,
  company       TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  size_bytes    BIGINT NOT NULL,
  content       BYTEA NOT NULL,
  error_type    TEXT NOT NULL,
  error_detail  TEXT NOT NULL,
  error_location TEXT,
  received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE statements (
  id                 BIGSERIAL PRIMARY KEY,
  company            TEXT NOT NULL,
  file_id            BIGINT NOT NULL REFERENCES raw_files (id),
  position_in_file   INT NOT NULL,
  bank_statement_id  TEXT,
  format             TEXT NOT NULL,
  account            TEXT NOT NULL,
  currency           CHAR(3) NOT NULL,
  opening_balance    BIGINT,
  closing_balance    BIGINT,
  opening_date       DATE,
  closing_date       DATE,
  warnings           JSONB NOT NULL DEFAULT '[]',
  status             TEXT NOT NULL DEFAULT 'processed'
                     CHECK (status IN ('pending', 'processed', 'reconciled', 'error')),
  line_count         INT NOT NULL,
  duplicates_skipped INT NOT NULL DEFAULT 0,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (file_id, position_in_file)
);
CREATE INDEX statements_company_id ON statements (company, id);

CREATE TABLE statement_lines (
  id                    BIGSERIAL PRIMARY KEY,
  company               TEXT NOT NULL,
  statement_id          BIGINT NOT NULL REFERENCES statements (id),
  account               TEXT NOT NULL,
  booking_date          DATE NOT NULL,
  value_date            DATE,
  amount                BIGINT NOT NULL,
  currency              CHAR(3) NOT NULL,
  counterparty_name     TEXT,
  counterparty_account  TEXT,
  counterparty_bic      TEXT,
  structured_reference  TEXT,
  remittance_info       TEXT,
  end_to_end_id         TEXT,
  bank_reference        TEXT,
  bank_transaction_code TEXT,
  -- Identity of the booking across overlapping statements; occurrence tells apart two
  -- genuinely identical payments within one statement.
  fingerprint           TEXT NOT NULL,
  occurrence            INT NOT NULL DEFAULT 1,
  status                TEXT NOT NULL DEFAULT 'unmatched'
                        CHECK (status IN ('unmatched', 'proposed', 'matched', 'ignored')),
  -- Part of the amount allocated by applied matches; same sign as amount, never beyond it.
  matched_amount        BIGINT NOT NULL DEFAULT 0,
  UNIQUE (company, fingerprint, occurrence),
  CHECK ((amount >= 0 AND matched_amount BETWEEN 0 AND amount) OR (amount < 0 AND matched_amount BETWEEN amount AND 0))
);
CREATE INDEX statement_lines_company_status ON statement_lines (company, status, id);
CREATE INDEX statement_lines_statement ON statement_lines (statement_id, id);

CREATE TABLE open_items (
  id                   BIGSERIAL PRIMARY KEY,
  company              TEXT NOT NULL,
  external_id          TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('receivable', 'payable', 'ledger')),
  partner_id           TEXT,
  partner_name         TEXT,
  partner_accounts     TEXT[] NOT NULL DEFAULT '{}',
  document_number      TEXT,
  structured_reference TEXT,
  amount               BIGINT NOT NULL,
  -- What the ERP says is open; recond's own allocations are kept apart in allocated_amount,
  -- so the residual is erp_open_amount - allocated_amount.
  erp_open_amount      BIGINT NOT NULL,
  allocated_amount     BIGINT NOT NULL DEFAULT 0,
  currency             CHAR(3) NOT NULL,
  issue_date           DATE,
  due_date             DATE,
  created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (company, external_id),
  -- No item is ever allocated beyond what is open, in either direction.
  CHECK ((erp_open_amount >= 0 AND allocated_amount BETWEEN 0 AND erp_open_amount)
      OR (erp_open_amount < 0 AND allocated_amount BETWEEN erp_open_amount AND 0))
);
CREATE INDEX open_items_company_open ON open_items (company, id) WHERE erp_open_amount <> allocated_amount;

CREATE TABLE reconcile_runs (
  id               BIGSERIAL PRIMARY KEY,
  company          TEXT NOT NULL,
  account          TEXT,
  status           TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  lines_considered INT NOT NULL DEFAULT 0,
  applied          INT NOT NULL DEFAULT 0,
  proposed         INT NOT NULL DEFAULT 0,
  unmatched        INT NOT NULL DEFAULT 0,
  duration_ms      BIGINT,
  error            TEXT,
  started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at      TIMESTAMPTZ
);

CREATE TABLE matches (
  id                BIGSERIAL PRIMARY KEY,
  company           TEXT NOT NULL,
  run_id            BIGINT REFERENCES reconcile_runs (id),
  status            TEXT NOT NULL CHECK (status IN ('proposed', 'applied', 'rejected', 'reversed')),
  rule              TEXT NOT NULL,
  confidence        DOUBLE PRECISION NOT NULL CHECK (confidence BETWEEN 0 AND 1),  -- a score, not money
  explanation       TEXT NOT NULL,
  currency          CHAR(3) NOT NULL,
  write_off_amount  BIGINT,
  write_off_account TEXT,
  rank              INT NOT NULL DEFAULT 0,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  decided_at        TIMESTAMPTZ
);
CREATE INDEX matches_company_status ON matches (company, status, id);

CREATE TABLE match_lines (
  match_id BIGINT NOT NULL REFERENCES matches (id),
  line_id  BIGINT NOT NULL REFERENCES statement_lines (id),
  amount   BIGINT NOT NULL,
  PRIMARY KEY (match_id, line_id)
);
CREATE INDEX match_lines_line ON match_lines (line_id);

CREATE TABLE allocations (
  id           BIGSERIAL PRIMARY KEY,
  match_id     BIGINT NOT NULL REFERENCES matches (id),
  open_item_id BIGINT NOT NULL REFERENCES open_items (id),
  amount       BIGINT NOT NULL
);
CREATE INDEX allocations_match ON allocations (match_id);
CREATE INDEX allocations_item ON allocations (open_item_id);
