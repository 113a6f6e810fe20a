-- The calendar a job names (issue 18 §3), as a column beside its definition, so that
-- GET /jobs?calendar=NAME, a calendar's page and the 409 for deleting a calendar that jobs name are
-- an index lookup rather than a parse of every definition. Written with the definition, in the
-- transaction that stores the job. H2 cannot read JSON, so jobs stored before this take it from
-- their schedule trigger, which Quartz keeps with the calendar's name (a job without a trigger, run
-- only on demand, gets it at its next save).
ALTER TABLE carillon_job ADD COLUMN calendar VARCHAR(100) NULL;
UPDATE carillon_job j SET calendar = (SELECT t.calendar_name FROM qrtz_triggers t
  WHERE t.sched_name = j.sched_name AND t.trigger_group = j.job_group
  AND t.trigger_name = j.job_name);
CREATE INDEX ix_job_calendar ON carillon_job (sched_name, calendar, job_group, job_name);
