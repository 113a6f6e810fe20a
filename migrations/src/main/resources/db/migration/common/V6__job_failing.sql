-- Whether the job's last finished run chain ended in a final failure (no retry left), so that the
-- first success after it can be told apart and notified as a recovery.
ALTER TABLE carillon_job ADD COLUMN failing BOOLEAN DEFAULT FALSE NOT NULL;
