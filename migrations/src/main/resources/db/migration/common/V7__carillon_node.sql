-- One row per node that ever started in the cluster: what Quartz's qrtz_scheduler_state does not
-- keep (host, start time, drain state) and outlives it, since Quartz deletes a node's check-in row
-- when the node leaves or is declared dead. Each node writes only its own row: at start, on every
-- state change (running, standby, draining, drained, stopped) and, for last_checkin_at, on each
-- failover sweep, so that a dead node's last check-in is still known after Quartz removed its row.
-- Plain SQL that PostgreSQL and H2 (PostgreSQL mode) both accept.
CREATE TABLE carillon_node
(
  sched_name      VARCHAR(120)             NOT NULL,
  node_id         VARCHAR(200)             NOT NULL,
  host            VARCHAR(255)             NULL,
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  state           VARCHAR(16)              NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  last_checkin_at TIMESTAMP WITH TIME ZONE NULL,
  PRIMARY KEY (sched_name, node_id)
);
