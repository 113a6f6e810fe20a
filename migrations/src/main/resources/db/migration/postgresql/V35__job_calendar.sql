-- The calendar a job names (issue 18 §3), as a column beside its definition, so that
-- GET /jobs?calendar=NAME, a calendar's page and the 409 for deleting a calendar that jobs name are
-- an index lookup rather than a parse of every definition. Written with the definition, in the
-- transaction that stores the job. Jobs stored before this get it from their definition.
ALTER TABLE carillon_job ADD COLUMN calendar VARCHAR(100) NULL;
UPDATE carillon_job SET calendar = definition::jsonb ->> 'calendar';
CREATE INDEX ix_job_calendar ON carillon_job (sched_name, calendar, job_group, job_name);
