-- Bank connections, continued (issue 6): access tokens kept across pulls and processes, the
-- consent as the bank last reported it, and what may be shown of a stored mTLS client
-- certificate. The certificate and its key themselves are sealed secrets in connection_secrets
-- (client_certificate, client_key).

-- The last access token the bank issued for a connection, sealed like every secret
-- ("<key id>:base64(nonce|ciphertext|tag)", AES-256-GCM), with the expiry the bank gave it.
-- Written and read only under the connection's pull lock, so one refresh happens at a time.
CREATE TABLE connection_tokens (
  connection_id BIGINT PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  key_id        TEXT NOT NULL,
  sealed        TEXT NOT NULL,
  expires_at    TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (sealed LIKE key_id || ':%')
);

ALTER TABLE connections
  ADD COLUMN consent_status         TEXT,         -- the bank's consentStatus at consent_checked_at
  ADD COLUMN consent_checked_at     TIMESTAMPTZ,  -- when recond last read the consent from the bank
  ADD COLUMN client_cert_subject    TEXT,         -- subject of the stored mTLS client certificate
  ADD COLUMN client_cert_expires_at TIMESTAMPTZ;  -- its notAfter
