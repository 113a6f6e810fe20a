-- Pause with a reason and an end (issue 18 §6): who paused a job, a group or the whole cluster,
-- when, why, and until when. A pause with an "until" is resumed by whichever node claims it first
-- (resuming_by, resuming_at: a claim left by a node that died is taken over after a minute).
-- scope is job, group or cluster; job_name is '' for a group, both are '' for the cluster.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_pause
(
  sched_name  VARCHAR(120)             NOT NULL,
  scope       VARCHAR(8)               NOT NULL,
  job_group   VARCHAR(100)             NOT NULL,
  job_name    VARCHAR(100)             NOT NULL,
  reason      VARCHAR(500)             NULL,
  paused_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  paused_by   VARCHAR(200)             NULL,
  until       TIMESTAMP WITH TIME ZONE NULL,
  resuming_by VARCHAR(200)             NULL,
  resuming_at TIMESTAMP WITH TIME ZONE NULL,
  PRIMARY KEY (sched_name, scope, job_group, job_name)
);

-- What each node polls: pauses whose end has come.
CREATE INDEX ix_pause_until ON carillon_pause (sched_name, until);
