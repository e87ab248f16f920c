-- The latest booking date stored per (company, account). An upload looks up whether its
-- lines are stored already (an overlapping statement) only for lines booked on or before
-- that date: a line booked later cannot have been stored, since the booking date is part of
-- a line's identity. The usual day's statement then needs no lookup at all (at 1,000,000
-- lines the lookup took 5.8 s). Kept by the upload under the account's lock.
CREATE TABLE booking_horizons (
  company           TEXT NOT NULL,
  account           TEXT NOT NULL,
  last_booking_date DATE NOT NULL,
  PRIMARY KEY (company, account)
);
INSERT INTO booking_horizons (company, account, last_booking_date)
  SELECT company, account, max(booking_date) FROM statement_lines GROUP BY company, account;
