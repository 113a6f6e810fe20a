package io.carillon.server.db;

import io.carillon.server.common.JobState;
import io.carillon.server.common.JobStats;
import io.carillon.server.common.Pause;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The columns of a job's row in {@link JobListDao}'s listing that come from Quartz or are derived.
 */
record JobRowFields(
    JobState state,
    Instant next,
    Instant previous,
    JobStats stats,
    Instant lateSince,
    String lateReason,
    Instant lastSuccessAt,
    Pause ofJob,
    Pause ofGroup,
    Pause ofCluster) {
  /**
   * The pause that holds the job: its own or its group's while it is disabled, else the cluster's
   * while pause-all holds its trigger.
   */
  Pause pause(boolean enabled) {
    if (!enabled) {
      return ofJob != null ? ofJob : ofGroup != null ? ofGroup : ofCluster;
    }
    return state == JobState.PAUSED ? ofCluster : null;
  }

  static JobRowFields of(ResultSet result) throws SQLException {
    long duration = result.getLong("last_duration_ms");
    Long lastDuration = result.wasNull() ? null : duration;
    return new JobRowFields(
        JobState.valueOf(result.getString("state")),
        instant(result, "next_fire_time"),
        instant(result, "prev_fire_time"),
        new JobStats(
            result.getLong("executions"),
            result.getLong("failures"),
            result.getLong("misfires"),
            result.getString("last_execution_id"),
            result.getString("last_status"),
            ExecutionListDao.instant(result, "last_started_at"),
            ExecutionListDao.instant(result, "last_finished_at"),
            lastDuration,
            null),
        ExecutionListDao.instant(result, "late_since"),
        result.getString("late_reason"),
        ExecutionListDao.instant(result, "expect_success_at"),
        PauseDao.read(result, "pj_"),
        PauseDao.read(result, "pg_"),
        PauseDao.read(result, "pc_"));
  }

  /** Quartz stores times as epoch milliseconds; unset is NULL, or -1 for "never fired". */
  private static Instant instant(ResultSet result, String column) throws SQLException {
    long millis = result.getLong(column);
    return result.wasNull() || millis <= 0 ? null : Instant.ofEpochMilli(millis);
  }
}
