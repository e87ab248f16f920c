-- Search of statement lines by words (GET /v1/lines?q=, issue 11): q looked for a part of a
-- text in six columns with ILIKE '%part%', which no index serves, so every search read every
-- line of the company. The lines' texts are now indexed as open items are (0007): trigrams.
--
-- The index is not on statement_lines itself. A reconcile run updates the status of every
-- line it matches, and since status is indexed that update writes a new entry into each of
-- the table's indexes: a trigram index there would have been rewritten for every matched
-- line (each line's text is some hundred trigrams). The texts a bank sent never change, so
-- they live in a table of their own, written once when the lines are stored, never updated.
CREATE TABLE statement_line_texts (
  line_id      BIGINT PRIMARY KEY,   -- statement_lines.id
  company      TEXT NOT NULL,
  -- counterparty name, remittance text, structured reference, end-to-end id, bank reference and
  -- counterparty account, one per line of text (StatementStore keeps the same order).
  search_text  TEXT NOT NULL
);

INSERT INTO statement_line_texts (line_id, company, search_text)
SELECT id, company, concat_ws(E'\n', counterparty_name, remittance_info, structured_reference, end_to_end_id,
                              bank_reference, counterparty_account)
  FROM statement_lines
 WHERE coalesce(counterparty_name, remittance_info, structured_reference, end_to_end_id, bank_reference,
                counterparty_account) IS NOT NULL;

-- With pg_trgm (0007 creates it where it may), a trigram index; without it the search still
-- works, by reading the company's texts, and this notice says why.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX statement_line_texts_trgm ON statement_line_texts USING gin (search_text gin_trgm_ops);
  ELSE
    RAISE NOTICE 'pg_trgm is not available; searches of lines by text will read every text of a company';
  END IF;
END
$$;

ANALYZE statement_line_texts;
