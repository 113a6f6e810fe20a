-- H2 variant of postgresql/V5: no partial indexes, and TEXT is spelled as a CLOB.
ALTER TABLE carillon_execution ADD COLUMN trigger_kind VARCHAR(16) NOT NULL DEFAULT 'schedule';
ALTER TABLE carillon_execution ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE carillon_execution ADD COLUMN result CHARACTER LARGE OBJECT NULL;
ALTER TABLE carillon_execution ADD COLUMN output CHARACTER LARGE OBJECT NULL;
ALTER TABLE carillon_execution ADD COLUMN output_truncated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE carillon_execution ADD COLUMN interrupt_requested_at TIMESTAMP WITH TIME ZONE NULL;

-- Listing across jobs by status, and pruning by age.
CREATE INDEX ix_execution_status ON carillon_execution (status, seq DESC);
CREATE INDEX ix_execution_started ON carillon_execution (started_at);
-- What each node polls every second: its own running runs that someone asked to stop.
CREATE INDEX ix_execution_interrupt ON carillon_execution (node_id, status, interrupt_requested_at);

ALTER TABLE carillon_job ADD COLUMN executions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE carillon_job ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE carillon_job ADD COLUMN misfires BIGINT NOT NULL DEFAULT 0;
ALTER TABLE carillon_job ADD COLUMN last_execution_id VARCHAR(36) NULL;
ALTER TABLE carillon_job ADD COLUMN last_status VARCHAR(16) NULL;
ALTER TABLE carillon_job ADD COLUMN last_started_at TIMESTAMP WITH TIME ZONE NULL;
ALTER TABLE carillon_job ADD COLUMN last_finished_at TIMESTAMP WITH TIME ZONE NULL;
ALTER TABLE carillon_job ADD COLUMN last_duration_ms BIGINT NULL;
