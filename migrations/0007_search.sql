-- Search of open items (GET /v1/open-items, issue 4): by open amount, due date, and by a
-- part of a document number, partner name or external id.
--
-- Due dates: a btree index per company. Open amounts have none on purpose: every match
-- changes allocated_amount, and an index on it would make each such update write a new
-- entry into every index of the table, trigram ones included (see 0008). A search by
-- amount reads the company's items instead.
CREATE INDEX open_items_company_due ON open_items (company, due_date);

-- Parts of texts (ILIKE '%part%'): trigram indexes, when pg_trgm can be had. It ships with
-- PostgreSQL and is a trusted extension (PostgreSQL 13+): the database's owner, or any role
-- with CREATE on the database, may create it. Where that is refused the search still works,
-- by scanning the company's items, and this notice says why.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm is not available (%); searches by part of a text will scan', SQLERRM;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX open_items_document_trgm ON open_items USING gin (document_number gin_trgm_ops);
    CREATE INDEX open_items_partner_name_trgm ON open_items USING gin (partner_name gin_trgm_ops);
    CREATE INDEX open_items_external_id_trgm ON open_items USING gin (external_id gin_trgm_ops);
  END IF;
END
$$;
