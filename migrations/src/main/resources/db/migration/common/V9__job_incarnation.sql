-- Runs belong to one incarnation of a job, not to its name: a job deleted and created again under
-- the same group and name is a new job and starts with no history and zeroed counters. Each
-- carillon_job row gets an incarnation id when it is inserted (kept by replace, pause and resume);
-- each run records the incarnation that was current when it started, and the job's history and
-- counters read only its own. Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
--
-- Jobs that exist now become incarnation 'v9'; new ones get a random UUID. The default serves
-- nodes of the previous version that still insert jobs during a rolling upgrade.
ALTER TABLE carillon_job ADD COLUMN incarnation VARCHAR(36) DEFAULT 'v9' NOT NULL;

-- NULL: recorded by a node of the previous version during a rolling upgrade (it does not know the
-- column); such runs count for whichever incarnation is current.
ALTER TABLE carillon_execution ADD COLUMN job_incarnation VARCHAR(36) NULL;

-- Past runs of a job that exists now are its own if they started after the job was created;
-- older ones, and runs of jobs that no longer exist, belong to no current job ('gone').
UPDATE carillon_execution SET job_incarnation = 'v9'
WHERE EXISTS (SELECT 1 FROM carillon_job j
              WHERE j.job_group = carillon_execution.job_group
                AND j.job_name = carillon_execution.job_name
                AND j.created_at <= carillon_execution.started_at);
UPDATE carillon_execution SET job_incarnation = 'gone' WHERE job_incarnation IS NULL;
