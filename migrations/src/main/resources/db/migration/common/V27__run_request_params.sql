-- The whole parameters a run asked for through the API (a run now or a rerun) was started with: the
-- job's parameters at that moment with the run's overrides over them, as JSON. A rerun of that run
-- repeats them even after the job's parameters changed. NULL on rows written before this column.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
ALTER TABLE carillon_run_request ADD COLUMN params TEXT NULL;
