-- Bank connections, pulls, OAuth tokens and dead letters (issue 6). Intentionally empty
-- until the connectors work fills it; a migration number once released never changes.
SELECT 1;
