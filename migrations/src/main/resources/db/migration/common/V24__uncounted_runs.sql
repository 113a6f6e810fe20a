-- Runs whose end is recorded but not yet counted on their job (issue 14 §2). The set-based job
-- store writes a run's final row in the transaction that completes its fire, with a row here; the
-- node then counts the run on carillon_job in a transaction of its own, which deletes the row, so
-- no job row is locked while the store holds its lock. A run is counted by whoever deletes its row:
-- its node, or, after a crash, any node sweeping rows older than a minute.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept; only PostgreSQL writes it.
CREATE TABLE carillon_uncounted_run
(
  fire_id   VARCHAR(120)             NOT NULL PRIMARY KEY,
  queued_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_uncounted_run_queued ON carillon_uncounted_run (queued_at);
