-- Backfill (issue 18 §4): the fire times a job's schedule had in a range, run one after the other
-- by whichever node claims the next (a conditional update on next_index), until all ran or the
-- backfill is cancelled. fire_times is a comma-separated list of epoch milliseconds.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_backfill
(
  id                VARCHAR(36)              NOT NULL PRIMARY KEY,
  sched_name        VARCHAR(120)             NOT NULL,
  job_group         VARCHAR(100)             NOT NULL,
  job_name          VARCHAR(100)             NOT NULL,
  range_from        TIMESTAMP WITH TIME ZONE NOT NULL,
  range_to          TIMESTAMP WITH TIME ZONE NOT NULL,
  fire_times        TEXT                     NOT NULL,
  total             INTEGER                  NOT NULL,
  next_index        INTEGER DEFAULT 0        NOT NULL,
  current_execution VARCHAR(36)              NULL,
  status            VARCHAR(16)              NOT NULL,
  requested_by      VARCHAR(200)             NULL,
  requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_backfill_status ON carillon_backfill (sched_name, status);
CREATE INDEX ix_backfill_job ON carillon_backfill (sched_name, job_group, job_name);
