-- Late and missing runs (issue 18 §1): what each node's late-job check last worked out for a job —
-- the fire time the schedule calls for after its last start, its newest start and success, the
-- deadlines those give, and whether the job is late now. Kept apart from carillon_job so that the
-- firing path (which updates carillon_job's counters) never writes it: the check reads the
-- counters and the history instead. late_since is set and cleared with conditional updates, so
-- exactly one node sees each change and sends its notification.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_job_expect
(
  sched_name       VARCHAR(120)             NOT NULL,
  job_group        VARCHAR(100)             NOT NULL,
  job_name         VARCHAR(100)             NOT NULL,
  -- The job version and incarnation this row was worked out for; either changing redoes it.
  job_version      BIGINT                   NOT NULL,
  incarnation      VARCHAR(36)              NOT NULL,
  -- carillon_job.last_finished_at when this row was last brought up to date.
  seen_finished_at TIMESTAMP WITH TIME ZONE NULL,
  last_started_at  TIMESTAMP WITH TIME ZONE NULL,
  last_success_at  TIMESTAMP WITH TIME ZONE NULL,
  expected_at      TIMESTAMP WITH TIME ZONE NULL,
  start_deadline   TIMESTAMP WITH TIME ZONE NULL,
  success_deadline TIMESTAMP WITH TIME ZONE NULL,
  late_since       TIMESTAMP WITH TIME ZONE NULL,
  late_reason      VARCHAR(500)             NULL,
  episodes         BIGINT DEFAULT 0         NOT NULL,
  PRIMARY KEY (sched_name, job_group, job_name),
  FOREIGN KEY (sched_name, job_group, job_name)
    REFERENCES carillon_job (sched_name, job_group, job_name) ON DELETE CASCADE
);

-- Each check reads only the rows whose deadline has come or that are late now.
CREATE INDEX ix_expect_start ON carillon_job_expect (sched_name, start_deadline);
CREATE INDEX ix_expect_success ON carillon_job_expect (sched_name, success_deadline);
CREATE INDEX ix_expect_late ON carillon_job_expect (sched_name, late_since);
