package io.carillon.server.quartz.schema;

/**
 * Where a Carillon job's rows are in Quartz's tables, for Carillon's statements that read both in
 * one statement (one snapshot): its Quartz job and its schedule trigger carry the job's own key
 * (group, name), its runs' one-shot triggers a key of their own, and each fire is a row of {@code
 * qrtz_fired_triggers} until it ends. Each piece says which aliases and parameters it expects.
 */
public final class JobInQuartz {
  /** A condition on the job row {@code j}: a fire of the job is executing on some node now. */
  public static final String EXECUTING =
      "EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.sched_name = j.sched_name"
          + "   AND f.job_group = j.job_group AND f.job_name = j.job_name"
          + "   AND f.state = 'EXECUTING')";

  /**
   * Joins the job row {@code j} to its schedule trigger as {@code t}; no row when it has none (run
   * on demand only, or its schedule has ended).
   */
  public static final String SCHEDULE_TRIGGER =
      " LEFT JOIN qrtz_triggers t"
          + " ON t.sched_name = j.sched_name AND t.trigger_group = j.job_group"
          + " AND t.trigger_name = j.job_name";

  /**
   * Joins the execution row {@code e} to its job's Quartz job as {@code d} (whose {@code
   * requests_recovery} is the job's {@code recover}); one parameter: the cluster.
   */
  public static final String QUARTZ_JOB_OF_EXECUTION =
      " LEFT JOIN qrtz_job_details d ON d.sched_name = ? AND d.job_group = e.job_group"
          + " AND d.job_name = e.job_name";

  /**
   * How many rows a one-shot trigger has, stored and firing: more than none from the moment it is
   * stored until its fire ends. Six parameters: cluster, trigger name and trigger group, twice.
   */
  public static final String TRIGGER_STORED_OR_FIRING =
      "(SELECT count(*) FROM qrtz_triggers WHERE sched_name = ? AND trigger_name = ?"
          + " AND trigger_group = ?)"
          + " + (SELECT count(*) FROM qrtz_fired_triggers WHERE sched_name = ?"
          + " AND trigger_name = ? AND trigger_group = ?)";

  private JobInQuartz() {}
}
