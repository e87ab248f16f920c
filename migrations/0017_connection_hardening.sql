-- Bank connections hardened (issue 11, points 9 and 12).
--
-- Sealed values are bound to their place. Secrets, access tokens and PKCE verifiers are now
-- sealed as "<key id>:v2:base64(nonce|ciphertext|tag)" with AES-256-GCM whose associated data is
-- the place the value belongs to: "connection_secrets/<connection id>/<name>",
-- "connection_tokens/<connection id>", "connections/<connection id>/oauth_pkce_verifier". A value
-- copied to another row does not open there. SQL cannot re-seal (it has no key): values sealed
-- before ("<key id>:base64(...)") are re-sealed with their place by recond itself when `recond
-- serve` or `recond pull` starts (ConnectionService::ResealUnbound), each once, by a
-- compare-and-swap update, and are never opened any other way.

-- Access tokens are only a cache: those sealed the old way are dropped and asked for again.
DELETE FROM connection_tokens WHERE sealed NOT LIKE key_id || ':v2:%';

-- An OAuth consent request now expires (oauth_state_ttl_seconds) and carries the PKCE
-- code_verifier (RFC 7636) sealed beside its state; the callback takes the state, its expiry and
-- the verifier in one UPDATE, so a replayed or late callback finds nothing.
ALTER TABLE connections
  ADD COLUMN oauth_state_expires_at TIMESTAMPTZ,
  ADD COLUMN oauth_pkce_verifier    TEXT;
-- Requests pending from before have neither: they are started again.
UPDATE connections SET oauth_state = NULL WHERE oauth_state IS NOT NULL;
ALTER TABLE connections
  ADD CONSTRAINT connections_oauth_state_expires CHECK ((oauth_state IS NULL) = (oauth_state_expires_at IS NULL)),
  ADD CONSTRAINT connections_oauth_pkce_with_state CHECK (oauth_pkce_verifier IS NULL OR oauth_state IS NOT NULL);
