package io.carillon.server.quartz.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.spi.OperableTrigger;

/**
 * Storing a new trigger (a run-now, a new job's schedule) in fewer round trips than Quartz's {@code
 * storeTrigger}, which asks one question per statement: does the trigger exist, is its group
 * paused, are all groups paused (then mark its group), which job is it for, is that job running
 * somewhere. Here the job's row is locked and read in one statement and every other question is
 * answered in a second, so a new trigger costs four statements (with its two inserts) instead of
 * eight. The answers and the state they give are Quartz's.
 */
final class NewTriggers {
  /**
   * Locks the job's row first, as every firing-path transaction that writes its triggers does: a
   * fire or completion of a non-concurrent job holds it, so the state read after it is current.
   */
  private static final String LOCK_JOB =
      "SELECT job_name, job_group, description, job_class_name, is_durable, is_nonconcurrent,"
          + " requests_recovery, job_data FROM qrtz_job_details"
          + " WHERE sched_name = ? AND job_name = ? AND job_group = ? FOR NO KEY UPDATE";

  /**
   * Whether the trigger and the job exist, whether the trigger's group is paused (its own mark or
   * all groups'), whether a run of a non-concurrent job is in flight; and, as Quartz does, marks
   * the group paused when all groups are.
   */
  private static final String LOOK =
      "WITH mark AS (INSERT INTO qrtz_paused_trigger_grps (sched_name, trigger_group)"
          + " SELECT ?, ? WHERE EXISTS (SELECT 1 FROM qrtz_paused_trigger_grps"
          + "   WHERE sched_name = ? AND trigger_group = ?) ON CONFLICT DO NOTHING)"
          + " SELECT EXISTS (SELECT 1 FROM qrtz_triggers"
          + "   WHERE sched_name = ? AND trigger_name = ? AND trigger_group = ?),"
          + " EXISTS (SELECT 1 FROM qrtz_job_details"
          + "   WHERE sched_name = ? AND job_name = ? AND job_group = ?),"
          + " EXISTS (SELECT 1 FROM qrtz_paused_trigger_grps"
          + "   WHERE sched_name = ? AND trigger_group IN (?, ?)),"
          + " EXISTS (SELECT 1 FROM qrtz_fired_triggers"
          + "   WHERE sched_name = ? AND job_name = ? AND job_group = ? AND is_nonconcurrent)";

  /** What {@link #look} found. */
  record Found(
      boolean triggerExists,
      boolean jobExists,
      boolean groupPaused,
      boolean nonConcurrentInFlight) {

    /**
     * The state a new trigger of a job starts in, as Quartz's storeTrigger works it out: PAUSED in
     * a paused group, BLOCKED (or PAUSED_BLOCKED) while a run of its non-concurrent job is in
     * flight.
     */
    String state(JobDetail job) {
      if (job.isConcurrentExecutionDisallowed() && nonConcurrentInFlight) {
        return groupPaused ? Constants.STATE_PAUSED_BLOCKED : Constants.STATE_BLOCKED;
      }
      return groupPaused ? Constants.STATE_PAUSED : Constants.STATE_WAITING;
    }
  }

  private final String scheduler;
  private final SetBasedDelegate delegate;

  NewTriggers(String scheduler, SetBasedDelegate delegate) {
    this.scheduler = scheduler;
    this.delegate = delegate;
  }

  /** Locks the job's row and reads the job; empty if there is no such job. */
  Optional<JobDetailImpl> lockJob(Connection conn, JobKey job)
      throws SQLException, IOException, ClassNotFoundException {
    try (PreparedStatement statement = conn.prepareStatement(LOCK_JOB)) {
      statement.setString(1, scheduler);
      statement.setString(2, job.getName());
      statement.setString(3, job.getGroup());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(delegate.job(rs)) : Optional.empty();
      }
    }
  }

  Found look(Connection conn, TriggerKey trigger, JobKey job) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(LOOK)) {
      int i = 1;
      statement.setString(i++, scheduler);
      statement.setString(i++, trigger.getGroup());
      statement.setString(i++, scheduler);
      statement.setString(i++, Constants.ALL_GROUPS_PAUSED);
      statement.setString(i++, scheduler);
      statement.setString(i++, trigger.getName());
      statement.setString(i++, trigger.getGroup());
      statement.setString(i++, scheduler);
      statement.setString(i++, job.getName());
      statement.setString(i++, job.getGroup());
      statement.setString(i++, scheduler);
      statement.setString(i++, trigger.getGroup());
      statement.setString(i++, Constants.ALL_GROUPS_PAUSED);
      statement.setString(i++, scheduler);
      statement.setString(i++, job.getName());
      statement.setString(i, job.getGroup());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new Found(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4));
      }
    }
  }

  void insertJob(Connection conn, JobDetail job) throws SQLException, IOException {
    delegate.insertJobDetail(conn, job);
  }

  void insertTrigger(Connection conn, OperableTrigger trigger, String state, JobDetail job)
      throws SQLException, IOException {
    delegate.insertTrigger(conn, trigger, state, job);
  }
}
