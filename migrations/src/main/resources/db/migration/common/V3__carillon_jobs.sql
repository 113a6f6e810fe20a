-- Carillon's view of a job: the definition as the API received it (Quartz keeps only what it needs
-- to fire), a version for ETag/If-Match, and where the job came from (api or config). Keyed by
-- sched_name like the Quartz tables, so two clusters can share one database.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept, so one file serves both.
CREATE TABLE carillon_job
(
  sched_name  VARCHAR(120)             NOT NULL,
  job_group   VARCHAR(100)             NOT NULL,
  job_name    VARCHAR(100)             NOT NULL,
  type        VARCHAR(100)             NOT NULL,
  description VARCHAR(1000)            NULL,
  definition  VARCHAR(65536)           NOT NULL,
  -- cron, every, at, or NULL for a job that runs only on demand.
  schedule_kind VARCHAR(8)             NULL,
  enabled     BOOLEAN                  NOT NULL,
  version     BIGINT                   NOT NULL,
  source      VARCHAR(16)              NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (sched_name, job_group, job_name)
);

CREATE INDEX ix_job_type ON carillon_job (sched_name, type, job_group, job_name);

-- Labels as rows, so "label=team:music" is an index lookup on every database.
CREATE TABLE carillon_job_label
(
  sched_name  VARCHAR(120) NOT NULL,
  job_group   VARCHAR(100) NOT NULL,
  job_name    VARCHAR(100) NOT NULL,
  label_key   VARCHAR(100) NOT NULL,
  label_value VARCHAR(200) NOT NULL,
  PRIMARY KEY (sched_name, job_group, job_name, label_key),
  FOREIGN KEY (sched_name, job_group, job_name)
    REFERENCES carillon_job (sched_name, job_group, job_name) ON DELETE CASCADE
);

CREATE INDEX ix_job_label ON carillon_job_label (sched_name, label_key, label_value);
