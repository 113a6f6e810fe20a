-- Job dependencies (issue 18 §2). carillon_job_dependency holds each job's `after` entries, written
-- in the transaction that stores the job, so the cycle check and the dispatcher read one edge table
-- instead of parsing every definition. `since` is when the edge was first declared: only upstream
-- runs that end after it count, so adding `after` to a job never replays the upstream's history.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_job_dependency
(
  sched_name     VARCHAR(120)             NOT NULL,
  job_group      VARCHAR(100)             NOT NULL,
  job_name       VARCHAR(100)             NOT NULL,
  upstream_group VARCHAR(100)             NOT NULL,
  upstream_name  VARCHAR(100)             NOT NULL,
  on_outcome     VARCHAR(16)              NOT NULL,
  params         TEXT                     NULL,
  since          TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (sched_name, job_group, job_name, upstream_group, upstream_name)
);

-- The jobs that wait on an upstream.
CREATE INDEX ix_job_dependency_upstream
  ON carillon_job_dependency (sched_name, upstream_group, upstream_name);

-- One row per (upstream run, downstream job): the decision taken about it, by whichever node saw
-- the upstream run end first. The primary key is what makes the dispatch happen once across the
-- cluster: a node claims the pair by inserting the row ('dispatching', with the downstream run's id
-- chosen up front), starts the run, and marks it 'dispatched'. A claim whose node died before that
-- is taken over by another node, which starts the run under the same id unless it already exists.
-- Other outcomes: 'none' (the run did not end the way `on` asks, or a retry follows), 'skipped'
-- (the downstream job was paused or gone), 'refused' (its parameters from the upstream's result
-- were not valid); detail says why.
CREATE TABLE carillon_dependency_run
(
  sched_name         VARCHAR(120)             NOT NULL,
  upstream_execution VARCHAR(36)              NOT NULL,
  job_group          VARCHAR(100)             NOT NULL,
  job_name           VARCHAR(100)             NOT NULL,
  upstream_group     VARCHAR(100)             NOT NULL,
  upstream_name      VARCHAR(100)             NOT NULL,
  execution_id       VARCHAR(36)              NULL,
  outcome            VARCHAR(16)              NOT NULL,
  overrides          TEXT                     NULL,
  detail             VARCHAR(1000)            NULL,
  node_id            VARCHAR(200)             NOT NULL,
  decided_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (sched_name, upstream_execution, job_group, job_name)
);

-- A downstream run's upstream, for the execution view.
CREATE INDEX ix_dependency_run_execution ON carillon_dependency_run (execution_id);
-- Claims to take over, and pruning of old decisions.
CREATE INDEX ix_dependency_run_outcome ON carillon_dependency_run (sched_name, outcome, decided_at);
