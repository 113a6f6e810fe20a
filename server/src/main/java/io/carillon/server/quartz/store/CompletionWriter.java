package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.quartz.JobKey;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.impl.jdbcjobstore.Constants;

/**
 * Writes a batch of completed runs in one transaction: what Quartz's {@code triggeredJobComplete}
 * does for one run, for all of them, with a statement per kind of change rather than per run.
 * Carillon's ends of those runs, when it hands them over, go into the first of those statements.
 * Says whether a trigger may have become due (unblocked, or a schedule changed), so the caller can
 * wake the scheduler thread as Quartz does.
 *
 * <p>Lock order is the firing path's: the job rows that need it first, sorted by key, then trigger
 * rows. The usual batch (one-shot or repeating triggers of concurrent durable jobs) needs no job
 * lock and is one statement plus the commit.
 */
final class CompletionWriter {
  /** What a batch's write did: whether the scheduler should look, and the runs it ended. */
  record Outcome(boolean mayHaveDue, List<FoldedRuns.Written> runsEnded) {}

  private static final String LOCK_JOBS =
      "SELECT 1 FROM qrtz_job_details j WHERE j.sched_name = ?"
          + " AND (j.job_name, j.job_group) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
          + " ORDER BY j.job_name, j.job_group FOR NO KEY UPDATE";

  /**
   * Deletes the fired-trigger rows, and the triggers the runs asked to delete with their rows in
   * the trigger-type tables (foreign keys are checked at the end of the statement, so parent and
   * children go together). As in Quartz, a trigger whose run saw no next fire time is deleted only
   * if the stored one is also empty: the job may have rescheduled it meanwhile.
   */
  private static final String DELETE_WITH =
      "WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bool[], ?::bool[])"
          + " AS v(name, grp, remove, seen_last)),"
          // By key: joined to v, the planner guesses v small and the table tiny and scans every
          // fired row of the scheduler (live and dead) instead.
          + " f AS (DELETE FROM qrtz_fired_triggers x"
          + " WHERE x.sched_name = ? AND x.entry_id = ANY (?::text[])),"
          + " d AS (DELETE FROM qrtz_triggers x USING v WHERE v.remove AND x.sched_name = ?"
          + " AND x.trigger_name = v.name AND x.trigger_group = v.grp"
          + " AND (NOT v.seen_last OR x.next_fire_time IS NULL OR x.next_fire_time <= 0)"
          + " RETURNING x.sched_name, x.trigger_name, x.trigger_group),"
          + " ds AS (DELETE FROM qrtz_simple_triggers x USING d WHERE x.sched_name = d.sched_name"
          + " AND x.trigger_name = d.trigger_name AND x.trigger_group = d.trigger_group),"
          + " dc AS (DELETE FROM qrtz_cron_triggers x USING d WHERE x.sched_name = d.sched_name"
          + " AND x.trigger_name = d.trigger_name AND x.trigger_group = d.trigger_group),"
          + " dp AS (DELETE FROM qrtz_simprop_triggers x USING d WHERE x.sched_name = d.sched_name"
          + " AND x.trigger_name = d.trigger_name AND x.trigger_group = d.trigger_group),"
          + " db AS (DELETE FROM qrtz_blob_triggers x USING d WHERE x.sched_name = d.sched_name"
          + " AND x.trigger_name = d.trigger_name AND x.trigger_group = d.trigger_group)";

  /**
   * {@link #DELETE_WITH} alone. PostgreSQL runs every data-modifying expression of a {@code WITH}
   * whether the final select reads it or not, so an {@link FoldedRuns.Ending} can close it instead.
   */
  private static final String DELETE = DELETE_WITH + " SELECT count(*) FROM d";

  /**
   * Unblocks the other triggers of non-concurrent jobs, BLOCKED to WAITING and PAUSED_BLOCKED to
   * PAUSED, unless a run of the job is still executing somewhere (Quartz unblocks without looking,
   * which can let a second run start: quartz-scheduler/quartz#145, #1516).
   */
  private static final String UNBLOCK =
      "UPDATE qrtz_triggers x SET trigger_state = CASE x.trigger_state"
          + "   WHEN 'BLOCKED' THEN 'WAITING' ELSE 'PAUSED' END"
          + " FROM unnest(?::text[], ?::text[]) AS j(name, grp)"
          + " WHERE x.sched_name = ? AND x.job_name = j.name AND x.job_group = j.grp"
          + " AND x.trigger_state IN ('BLOCKED', 'PAUSED_BLOCKED')"
          + " AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.sched_name = x.sched_name"
          + "   AND f.job_name = j.name AND f.job_group = j.grp AND f.state = 'EXECUTING')";

  /** Quartz deletes a non-durable job with its last trigger. */
  private static final String DELETE_ORPHANED_JOBS =
      "DELETE FROM qrtz_job_details j USING unnest(?::text[], ?::text[]) AS k(name, grp)"
          + " WHERE j.sched_name = ? AND j.job_name = k.name AND j.job_group = k.grp"
          + " AND NOT j.is_durable AND NOT EXISTS (SELECT 1 FROM qrtz_triggers t"
          + "   WHERE t.sched_name = j.sched_name AND t.job_name = j.job_name"
          + "   AND t.job_group = j.job_group)";

  private final String scheduler;
  private final SetBasedDelegate delegate;

  CompletionWriter(String scheduler, SetBasedDelegate delegate) {
    this.scheduler = scheduler;
    this.delegate = delegate;
  }

  /**
   * Writes the batch on {@code conn} (the caller commits), with {@code ending}'s run ends when it
   * is not null.
   */
  Outcome write(Connection conn, List<Completion> batch, FoldedRuns.Ending ending)
      throws Exception {
    lockJobs(conn, batch);
    List<FoldedRuns.Written> ended = new ArrayList<>();
    boolean changed = delete(conn, batch, ending, ended);
    changed |= applyStateInstructions(conn, batch);
    changed |= unblock(conn, batch);
    deleteOrphanedJobs(conn, batch);
    for (Completion completion : batch) {
      if (completion.job().isPersistJobDataAfterExecution()
          && completion.job().getJobDataMap().isDirty()) {
        delegate.updateJobData(conn, completion.job());
      }
    }
    return new Outcome(changed, ended);
  }

  private void lockJobs(Connection conn, List<Completion> batch) throws SQLException {
    // Sorted here too, but the ORDER BY is what fixes the order in which rows are locked.
    Set<JobKey> jobs = new TreeSet<>();
    for (Completion completion : batch) {
      if (completion.locksJob()) {
        jobs.add(completion.job().getKey());
      }
    }
    if (jobs.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = conn.prepareStatement(LOCK_JOBS)) {
      statement.setString(1, scheduler);
      statement.setArray(2, names(conn, jobs));
      statement.setArray(3, groups(conn, jobs));
      statement.executeQuery().close();
    }
  }

  private boolean delete(
      Connection conn,
      List<Completion> batch,
      FoldedRuns.Ending ending,
      List<FoldedRuns.Written> ended)
      throws SQLException {
    int n = batch.size();
    Object[] entries = new Object[n];
    Object[] names = new Object[n];
    Object[] groups = new Object[n];
    Object[] remove = new Object[n];
    Object[] seenLast = new Object[n];
    boolean removesLiveTrigger = false;
    for (int i = 0; i < n; i++) {
      Completion completion = batch.get(i);
      entries[i] = completion.entryId();
      names[i] = completion.trigger().getKey().getName();
      groups[i] = completion.trigger().getKey().getGroup();
      remove[i] = completion.deletesTrigger();
      seenLast[i] = completion.trigger().getNextFireTime() == null;
      removesLiveTrigger |= completion.deletesTrigger() && !(Boolean) seenLast[i];
    }
    String sql =
        ending == null ? DELETE : DELETE_WITH + ", " + ending.with() + " " + ending.select();
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      statement.setArray(1, conn.createArrayOf("text", names));
      statement.setArray(2, conn.createArrayOf("text", groups));
      statement.setArray(3, conn.createArrayOf("bool", remove));
      statement.setArray(4, conn.createArrayOf("bool", seenLast));
      statement.setString(5, scheduler);
      statement.setArray(6, conn.createArrayOf("text", entries));
      statement.setString(7, scheduler);
      if (ending == null) {
        statement.executeQuery().close();
      } else {
        ending.bind(conn, statement, 8);
        try (ResultSet rows = statement.executeQuery()) {
          ended.addAll(ending.written(rows));
        }
      }
    }
    return removesLiveTrigger;
  }

  /** The rare instructions (a job asking to stop its triggers), one statement each as in Quartz. */
  private boolean applyStateInstructions(Connection conn, List<Completion> batch)
      throws SQLException {
    boolean any = false;
    for (Completion completion : batch) {
      CompletedExecutionInstruction instruction = completion.instruction();
      if (instruction == CompletedExecutionInstruction.SET_TRIGGER_COMPLETE) {
        delegate.updateTriggerState(conn, completion.trigger().getKey(), Constants.STATE_COMPLETE);
      } else if (instruction == CompletedExecutionInstruction.SET_TRIGGER_ERROR) {
        delegate.updateTriggerState(conn, completion.trigger().getKey(), Constants.STATE_ERROR);
      } else if (instruction == CompletedExecutionInstruction.SET_ALL_JOB_TRIGGERS_COMPLETE) {
        delegate.updateTriggerStatesForJob(
            conn, completion.trigger().getJobKey(), Constants.STATE_COMPLETE);
      } else if (instruction == CompletedExecutionInstruction.SET_ALL_JOB_TRIGGERS_ERROR) {
        delegate.updateTriggerStatesForJob(
            conn, completion.trigger().getJobKey(), Constants.STATE_ERROR);
      } else {
        continue;
      }
      any = true;
    }
    return any;
  }

  private boolean unblock(Connection conn, List<Completion> batch) throws SQLException {
    Set<JobKey> jobs = new LinkedHashSet<>();
    for (Completion completion : batch) {
      if (completion.job().isConcurrentExecutionDisallowed()) {
        jobs.add(completion.job().getKey());
      }
    }
    if (jobs.isEmpty()) {
      return false;
    }
    try (PreparedStatement statement = conn.prepareStatement(UNBLOCK)) {
      statement.setArray(1, names(conn, jobs));
      statement.setArray(2, groups(conn, jobs));
      statement.setString(3, scheduler);
      statement.executeUpdate();
    }
    // Quartz signals after every non-concurrent completion; a queued fire may be due now.
    return true;
  }

  private void deleteOrphanedJobs(Connection conn, List<Completion> batch) throws SQLException {
    Set<JobKey> jobs = new LinkedHashSet<>();
    for (Completion completion : batch) {
      if (completion.deletesTrigger() && !completion.job().isDurable()) {
        jobs.add(completion.job().getKey());
      }
    }
    if (jobs.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = conn.prepareStatement(DELETE_ORPHANED_JOBS)) {
      statement.setArray(1, names(conn, jobs));
      statement.setArray(2, groups(conn, jobs));
      statement.setString(3, scheduler);
      statement.executeUpdate();
    }
  }

  private static java.sql.Array names(Connection conn, Set<JobKey> jobs) throws SQLException {
    List<String> names = new ArrayList<>();
    jobs.forEach(job -> names.add(job.getName()));
    return conn.createArrayOf("text", names.toArray());
  }

  private static java.sql.Array groups(Connection conn, Set<JobKey> jobs) throws SQLException {
    List<String> groups = new ArrayList<>();
    jobs.forEach(job -> groups.add(job.getGroup()));
    return conn.createArrayOf("text", groups.toArray());
  }
}
