package io.carillon.server.quartz.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.quartz.JobKey;
import org.quartz.spi.OperableTrigger;

/**
 * Gives back an acquired trigger the scheduler will not fire (it changed meanwhile, or the node is
 * going to standby): ACQUIRED to WAITING, its fired-trigger row deleted. Like Quartz it also frees
 * a trigger found BLOCKED, but only if no run of its job is executing: otherwise the run's
 * completion unblocks it, and unblocking now would let two runs of a non-concurrent job overlap.
 * The job row is locked first, as everywhere on the firing path.
 */
final class TriggerRelease {
  private static final String LOCK_JOB =
      "SELECT 1 FROM qrtz_job_details WHERE sched_name = ? AND job_name = ? AND job_group = ?"
          + " FOR NO KEY UPDATE";

  private static final String RELEASE =
      "WITH f AS (DELETE FROM qrtz_fired_triggers WHERE sched_name = ? AND entry_id = ?)"
          + " UPDATE qrtz_triggers x SET trigger_state = 'WAITING'"
          + " WHERE x.sched_name = ? AND x.trigger_name = ? AND x.trigger_group = ?"
          + " AND (x.trigger_state = 'ACQUIRED' OR (x.trigger_state = 'BLOCKED'"
          + "   AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers e WHERE e.sched_name = x.sched_name"
          + "   AND e.job_name = x.job_name AND e.job_group = x.job_group"
          + "   AND e.state = 'EXECUTING' AND e.is_nonconcurrent)))";

  private final String scheduler;

  TriggerRelease(String scheduler) {
    this.scheduler = scheduler;
  }

  /** Locks the job's row, first, as every firing-path transaction that writes its triggers. */
  void lockJob(Connection conn, JobKey job) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(LOCK_JOB)) {
      statement.setString(1, scheduler);
      statement.setString(2, job.getName());
      statement.setString(3, job.getGroup());
      statement.executeQuery().close();
    }
  }

  void release(Connection conn, OperableTrigger trigger) throws SQLException {
    lockJob(conn, trigger.getJobKey());
    try (PreparedStatement statement = conn.prepareStatement(RELEASE)) {
      statement.setString(1, scheduler);
      statement.setString(2, trigger.getFireInstanceId());
      statement.setString(3, scheduler);
      statement.setString(4, trigger.getKey().getName());
      statement.setString(5, trigger.getKey().getGroup());
      statement.executeUpdate();
    }
  }
}
