package io.carillon.server.quartz.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements behind {@code db.StuckTriggerDao}, each on the caller's connection: the triggers
 * that may be stuck and Quartz's fired-trigger rows, Quartz's own trigger lock, and the repair of
 * one trigger. The caller owns the transaction (and any lock of Carillon's beside Quartz's).
 */
public final class StuckTriggerSql {
  /** Quartz's marker row in qrtz_paused_trigger_grps for pause-all. */
  private static final String ALL_GROUPS_PAUSED = "_$_ALL_GROUPS_PAUSED_$_";

  /** A trigger in ERROR, BLOCKED, PAUSED_BLOCKED or ACQUIRED; nextFireAt null if it has none. */
  public record TriggerRow(
      String group,
      String name,
      String jobGroup,
      String jobName,
      String state,
      Instant nextFireAt) {}

  /** A row of qrtz_fired_triggers: a trigger acquired or executing on {@code nodeId}. */
  public record FiredRow(
      String nodeId,
      String triggerGroup,
      String triggerName,
      String jobGroup,
      String jobName,
      String state) {}

  private StuckTriggerSql() {}

  public static List<TriggerRow> candidates(Connection connection, String cluster)
      throws SQLException {
    String sql =
        "SELECT trigger_group, trigger_name, job_group, job_name, trigger_state, next_fire_time"
            + " FROM qrtz_triggers WHERE sched_name = ?"
            + " AND trigger_state IN ('ERROR', 'BLOCKED', 'PAUSED_BLOCKED', 'ACQUIRED')"
            + " ORDER BY trigger_group, trigger_name";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      List<TriggerRow> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          long next = result.getLong(6);
          rows.add(
              new TriggerRow(
                  result.getString(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4),
                  result.getString(5),
                  result.wasNull() || next <= 0 ? null : Instant.ofEpochMilli(next)));
        }
      }
      return rows;
    }
  }

  /** Every fired-trigger row of the cluster: what is acquired or executing, and where. */
  public static List<FiredRow> fired(Connection connection, String cluster) throws SQLException {
    String sql =
        "SELECT instance_name, trigger_group, trigger_name, job_group, job_name, state"
            + " FROM qrtz_fired_triggers WHERE sched_name = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      List<FiredRow> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              new FiredRow(
                  result.getString(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4),
                  result.getString(5),
                  result.getString(6)));
        }
      }
      return rows;
    }
  }

  /**
   * Takes Quartz's own trigger lock (its TRIGGER_ACCESS row), which every node's acquiring and
   * firing takes too, until the caller's transaction ends.
   */
  public static void lockTriggerAccess(Connection connection, String cluster) throws SQLException {
    String sql =
        "SELECT lock_name FROM qrtz_locks WHERE sched_name = ? AND lock_name = 'TRIGGER_ACCESS'"
            + " FOR UPDATE";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.executeQuery().close();
    }
  }

  /**
   * Puts the trigger back to WAITING, or PAUSED when it was PAUSED_BLOCKED or its group, the whole
   * scheduler or its job (Carillon's {@code carillon_job.enabled}) is paused, if it is still in the
   * state it was read in; false when it was not.
   */
  public static boolean restore(Connection connection, String cluster, TriggerRow trigger)
      throws SQLException {
    String sql =
        "UPDATE qrtz_triggers SET trigger_state = CASE WHEN trigger_state = 'PAUSED_BLOCKED'"
            + " OR EXISTS (SELECT 1 FROM qrtz_paused_trigger_grps p"
            + "   WHERE p.sched_name = qrtz_triggers.sched_name"
            + "   AND p.trigger_group IN (qrtz_triggers.trigger_group, ?))"
            + " OR EXISTS (SELECT 1 FROM carillon_job j WHERE j.sched_name = qrtz_triggers.sched_name"
            + "   AND j.job_group = qrtz_triggers.job_group AND j.job_name = qrtz_triggers.job_name"
            + "   AND NOT j.enabled)"
            + " THEN 'PAUSED' ELSE 'WAITING' END"
            + " WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ? AND trigger_state = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, ALL_GROUPS_PAUSED);
      statement.setString(2, cluster);
      statement.setString(3, trigger.group());
      statement.setString(4, trigger.name());
      statement.setString(5, trigger.state());
      return statement.executeUpdate() > 0;
    }
  }

  /** Deletes the fired-trigger rows of the trigger or of its job that {@code owner} holds. */
  public static void deleteFiredRows(
      Connection connection, String cluster, String owner, TriggerRow trigger) throws SQLException {
    String sql =
        "DELETE FROM qrtz_fired_triggers WHERE sched_name = ? AND instance_name = ?"
            + " AND ((trigger_group = ? AND trigger_name = ?) OR (job_group = ? AND job_name = ?))";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.setString(2, owner);
      statement.setString(3, trigger.group());
      statement.setString(4, trigger.name());
      statement.setString(5, trigger.jobGroup());
      statement.setString(6, trigger.jobName());
      statement.executeUpdate();
    }
  }
}
