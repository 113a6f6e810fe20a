-- Backfill of a job whose overlap is allow runs several fire times at once (up to
-- backfills.maxConcurrent): in_flight lists, comma-separated, the execution ids of the runs it
-- started that were not yet seen to end when it last started one. NULL on rows from before, whose
-- one run in flight is current_execution. Other backfills run one after the other, as before.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
ALTER TABLE carillon_backfill ADD COLUMN in_flight TEXT NULL;
