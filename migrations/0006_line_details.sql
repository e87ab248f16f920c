-- Details of a statement line beyond the common core (recon/statement.hpp): foreign
-- exchange, charges, cheque number, the customer's and the mandate's references and the
-- ultimate parties. All optional: most lines carry none of them.
ALTER TABLE statement_lines
  ADD COLUMN original_amount    BIGINT,   -- minor units of original_currency, signed like amount
  ADD COLUMN original_currency  CHAR(3),  -- may be set without original_amount (OFX ORIGCURRENCY)
  ADD COLUMN exchange_rate      TEXT      -- exact decimal text as the bank gave it, never a float
    CHECK (exchange_rate ~ '^[0-9]+(\.[0-9]+)?$'),
  ADD COLUMN charges_amount     BIGINT,   -- minor units of charges_currency: + a charge, - a refund
  ADD COLUMN charges_currency   CHAR(3),
  ADD COLUMN check_number       TEXT,
  ADD COLUMN customer_reference TEXT,
  ADD COLUMN mandate_id         TEXT,
  ADD COLUMN ultimate_debtor    TEXT,
  ADD COLUMN ultimate_creditor  TEXT,
  ADD CONSTRAINT statement_lines_original_has_currency
    CHECK (original_amount IS NULL OR original_currency IS NOT NULL),
  ADD CONSTRAINT statement_lines_charges_have_currency
    CHECK ((charges_amount IS NULL) = (charges_currency IS NULL));
