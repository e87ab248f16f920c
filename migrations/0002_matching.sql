-- The matcher's state: rule sets per company (and bank account), what recond learned
-- about payers, normalised counterparty keys on lines, and queued (async) runs.

CREATE TABLE rule_sets (
  company     TEXT NOT NULL,
  account     TEXT NOT NULL DEFAULT '',   -- '' = the company's rule set for every account
  rules       JSONB NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (company, account)
);

-- Payer identity (an account number or a normalised name) -> partner. Confirmations come
-- from applied and approved matches, rejections from rejected proposals; a reversal
-- takes its confirmation back.
CREATE TABLE payer_history (
  company        TEXT NOT NULL,
  identity_kind  TEXT NOT NULL CHECK (identity_kind IN ('account', 'name')),
  identity_key   TEXT NOT NULL,
  partner_id     TEXT NOT NULL,
  confirmations  INT NOT NULL DEFAULT 0 CHECK (confirmations >= 0),
  rejections     INT NOT NULL DEFAULT 0 CHECK (rejections >= 0),
  last_seen      DATE,
  PRIMARY KEY (company, identity_kind, identity_key, partner_id)
);
CREATE INDEX payer_history_partner ON payer_history (company, partner_id);

-- Keys the matcher compares, computed once at ingest (what the bank sent stays as sent).
ALTER TABLE statement_lines ADD COLUMN counterparty_account_key TEXT NOT NULL DEFAULT '';
ALTER TABLE statement_lines ADD COLUMN counterparty_name_key TEXT NOT NULL DEFAULT '';

ALTER TABLE reconcile_runs DROP CONSTRAINT reconcile_runs_status_check;
ALTER TABLE reconcile_runs ADD CONSTRAINT reconcile_runs_status_check
  CHECK (status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE reconcile_runs ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE reconcile_runs ADD COLUMN conflicts INT NOT NULL DEFAULT 0;

CREATE INDEX matches_rejected_lines ON matches (company) WHERE status = 'rejected';
CREATE INDEX open_items_company_partner ON open_items (company, partner_id);
