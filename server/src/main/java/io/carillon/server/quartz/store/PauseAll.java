package io.carillon.server.quartz.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Pause-all and resume-all as two statements each, whatever the number of triggers. Quartz does
 * both group by group and, on resume, trigger by trigger (four statements each, misfire handling
 * included), all under the exclusive lock: with 20,000 triggers that stopped every node's firing
 * for tens of seconds. The states are Quartz's; what resume leaves past the misfire threshold is
 * WAITING and handled by the misfire pass the caller runs after the commit, outside the lock.
 */
final class PauseAll {
  /** Quartz's marker row in qrtz_paused_trigger_grps: new triggers of any group start PAUSED. */
  private static final String ALL_GROUPS_PAUSED = "_$_ALL_GROUPS_PAUSED_$_";

  private static final String PAUSE =
      "UPDATE qrtz_triggers SET trigger_state = CASE trigger_state"
          + "   WHEN 'BLOCKED' THEN 'PAUSED_BLOCKED' ELSE 'PAUSED' END"
          + " WHERE sched_name = ? AND trigger_state IN ('WAITING', 'ACQUIRED', 'BLOCKED')";

  private static final String MARK_GROUPS_PAUSED =
      "INSERT INTO qrtz_paused_trigger_grps (sched_name, trigger_group)"
          + " SELECT DISTINCT sched_name, trigger_group FROM qrtz_triggers WHERE sched_name = ?"
          + " UNION SELECT ?, ? ON CONFLICT DO NOTHING";

  private static final String UNMARK_GROUPS =
      "DELETE FROM qrtz_paused_trigger_grps WHERE sched_name = ?";

  /**
   * As Quartz's resumeTrigger: PAUSED_BLOCKED and PAUSED become BLOCKED while a run of their
   * non-concurrent job is in flight, WAITING otherwise; a trigger with no next fire time stays.
   */
  private static final String RESUME =
      "UPDATE qrtz_triggers t SET trigger_state = CASE WHEN EXISTS (SELECT 1"
          + "   FROM qrtz_fired_triggers f WHERE f.sched_name = t.sched_name"
          + "   AND f.job_name = t.job_name AND f.job_group = t.job_group AND f.is_nonconcurrent)"
          + " THEN 'BLOCKED' ELSE 'WAITING' END"
          + " WHERE t.sched_name = ? AND t.trigger_state IN ('PAUSED', 'PAUSED_BLOCKED')"
          + " AND t.next_fire_time IS NOT NULL";

  private final String scheduler;

  PauseAll(String scheduler) {
    this.scheduler = scheduler;
  }

  void pause(Connection conn) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(PAUSE)) {
      statement.setString(1, scheduler);
      statement.executeUpdate();
    }
    try (PreparedStatement statement = conn.prepareStatement(MARK_GROUPS_PAUSED)) {
      statement.setString(1, scheduler);
      statement.setString(2, scheduler);
      statement.setString(3, ALL_GROUPS_PAUSED);
      statement.executeUpdate();
    }
  }

  void resume(Connection conn) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(UNMARK_GROUPS)) {
      statement.setString(1, scheduler);
      statement.executeUpdate();
    }
    try (PreparedStatement statement = conn.prepareStatement(RESUME)) {
      statement.setString(1, scheduler);
      statement.executeUpdate();
    }
  }
}
