-- Every definition a job has had (issue 18 §8), a row per save (create, replace, patch, apply),
-- written in the transaction that stores the job, with the time it took effect. A rerun of a run
-- whose parameters were not recorded with it (from the schedule, a retry, a backfill) takes them
-- from the definition in effect when that run started, so the fire path writes nothing more.
-- Deleted with the job. Jobs stored before this start with their current definition, in effect
-- since their last change. Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_job_revision
(
  sched_name   VARCHAR(120)             NOT NULL,
  job_group    VARCHAR(100)             NOT NULL,
  job_name     VARCHAR(100)             NOT NULL,
  version      BIGINT                   NOT NULL,
  effective_at TIMESTAMP WITH TIME ZONE NOT NULL,
  definition   VARCHAR(65536)           NOT NULL,
  PRIMARY KEY (sched_name, job_group, job_name, version),
  FOREIGN KEY (sched_name, job_group, job_name)
    REFERENCES carillon_job (sched_name, job_group, job_name) ON DELETE CASCADE
);

-- The revision in effect at an instant: the newest that took effect at or before it.
CREATE INDEX ix_job_revision_effective
  ON carillon_job_revision (sched_name, job_group, job_name, effective_at);

INSERT INTO carillon_job_revision (sched_name, job_group, job_name, version, effective_at, definition)
SELECT sched_name, job_group, job_name, version, updated_at, definition FROM carillon_job;
