-- Runs asked for through the API (issue 18 §8): a run now or a rerun, by id, with the parameter
-- overrides it was given and, for a rerun, the execution it repeats. Written by the API when it
-- triggers the run, apart from carillon_execution (whose rows the run-record path writes), so a
-- rerun can repeat a run's parameters and the history can link a rerun to its original.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_run_request
(
  execution_id VARCHAR(36)              NOT NULL PRIMARY KEY,
  sched_name   VARCHAR(120)             NOT NULL,
  job_group    VARCHAR(100)             NOT NULL,
  job_name     VARCHAR(100)             NOT NULL,
  overrides    TEXT                     NULL,
  rerun_of     VARCHAR(36)              NULL,
  requested_by VARCHAR(200)             NULL,
  requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A run's reruns.
CREATE INDEX ix_run_request_rerun_of ON carillon_run_request (rerun_of);
