package io.carillon.server.db;

/**
 * How a job stands (SPEC §6), derived in SQL from Carillon's and Quartz's tables by {@link
 * JobListDao} so that list filters and single views agree.
 */
public enum JobState {
  SCHEDULED,
  PAUSED,
  RUNNING,
  BLOCKED,
  COMPLETED,
  ERROR;

  /**
   * The SQL expression for the state of the job row {@code j} and its schedule trigger {@code t}.
   * Running anywhere in the cluster (an EXECUTING fired-trigger row) wins; then paused; then the
   * trigger's own state. A job with no trigger left has completed its schedule, or never had one
   * (on demand only), which counts as scheduled: it is ready to run when asked.
   */
  static final String SQL =
      "CASE"
          + " WHEN EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.sched_name = j.sched_name"
          + "   AND f.job_group = j.job_group AND f.job_name = j.job_name"
          + "   AND f.state = 'EXECUTING') THEN 'RUNNING'"
          + " WHEN NOT j.enabled THEN 'PAUSED'"
          + " WHEN t.trigger_state IS NULL AND j.schedule_kind IS NOT NULL THEN 'COMPLETED'"
          + " WHEN t.trigger_state IS NULL THEN 'SCHEDULED'"
          + " WHEN t.trigger_state IN ('PAUSED', 'PAUSED_BLOCKED') THEN 'PAUSED'"
          + " WHEN t.trigger_state = 'BLOCKED' THEN 'BLOCKED'"
          + " WHEN t.trigger_state = 'ERROR' THEN 'ERROR'"
          + " WHEN t.trigger_state = 'COMPLETE' THEN 'COMPLETED'"
          + " ELSE 'SCHEDULED' END";
}
