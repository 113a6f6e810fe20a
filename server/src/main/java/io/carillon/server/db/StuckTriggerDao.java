package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the triggers that may be stuck (ERROR, BLOCKED, ACQUIRED) with Quartz's fired-trigger rows,
 * and puts stuck ones back in service. Which of them are stuck depends on which nodes are alive,
 * which the caller decides.
 */
public final class StuckTriggerDao {
  /** Quartz's marker row in qrtz_paused_trigger_grps for pause-all. */
  private static final String ALL_GROUPS_PAUSED = "_$_ALL_GROUPS_PAUSED_$_";

  private final DataSource dataSource;
  private final Transactions transactions;
  private final String cluster;
  private final boolean postgres;

  /**
   * {@code postgres}: also take the exclusive side of {@link TriggerAccessLock}, which the
   * set-based store's firing path respects instead of Quartz's row lock.
   */
  public StuckTriggerDao(DataSource dataSource, String cluster, boolean postgres) {
    this.dataSource = dataSource;
    this.transactions = new Transactions(dataSource, "cannot repair stuck triggers");
    this.cluster = cluster;
    this.postgres = postgres;
  }

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

  public List<TriggerRow> candidates() {
    String sql =
        "SELECT trigger_group, trigger_name, job_group, job_name, trigger_state, next_fire_time"
            + " FROM qrtz_triggers WHERE sched_name = ?"
            + " AND trigger_state IN ('ERROR', 'BLOCKED', 'PAUSED_BLOCKED', 'ACQUIRED')"
            + " ORDER BY trigger_group, trigger_name";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
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
    } catch (SQLException e) {
      throw new CarillonException("cannot read the cluster's triggers: " + e.getMessage(), e);
    }
  }

  /** Every fired-trigger row of the cluster: what is acquired or executing, and where. */
  public List<FiredRow> fired() {
    String sql =
        "SELECT instance_name, trigger_group, trigger_name, job_group, job_name, state"
            + " FROM qrtz_fired_triggers WHERE sched_name = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
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
    } catch (SQLException e) {
      throw new CarillonException("cannot read the fired triggers: " + e.getMessage(), e);
    }
  }

  /**
   * One stuck trigger to repair: it must still be in {@code state}; fired-trigger rows of it or of
   * its job held by {@code deadOwners} are deleted.
   */
  public record Repair(TriggerRow trigger, List<String> deadOwners) {}

  /**
   * Puts each trigger back to WAITING, or PAUSED when it was PAUSED_BLOCKED or its group, the whole
   * scheduler or its job is paused, and deletes the orphaned fired-trigger rows, all in one
   * transaction under Quartz's own trigger lock (and, on PostgreSQL, the exclusive advisory lock of
   * the set-based store) so that no node acquires or fires triggers meanwhile. Triggers whose state
   * changed since they were read are left alone. Returns the ones repaired.
   */
  public List<TriggerRow> repair(List<Repair> repairs) {
    String lock =
        "SELECT lock_name FROM qrtz_locks WHERE sched_name = ? AND lock_name = 'TRIGGER_ACCESS'"
            + " FOR UPDATE";
    String restore =
        "UPDATE qrtz_triggers SET trigger_state = CASE WHEN trigger_state = 'PAUSED_BLOCKED'"
            + " OR EXISTS (SELECT 1 FROM qrtz_paused_trigger_grps p"
            + "   WHERE p.sched_name = qrtz_triggers.sched_name"
            + "   AND p.trigger_group IN (qrtz_triggers.trigger_group, ?))"
            + " OR EXISTS (SELECT 1 FROM carillon_job j WHERE j.sched_name = qrtz_triggers.sched_name"
            + "   AND j.job_group = qrtz_triggers.job_group AND j.job_name = qrtz_triggers.job_name"
            + "   AND NOT j.enabled)"
            + " THEN 'PAUSED' ELSE 'WAITING' END"
            + " WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ? AND trigger_state = ?";
    String orphans =
        "DELETE FROM qrtz_fired_triggers WHERE sched_name = ? AND instance_name = ?"
            + " AND ((trigger_group = ? AND trigger_name = ?) OR (job_group = ? AND job_name = ?))";
    // Joins the transaction open on the thread, if any: the repair goes with its audit entry.
    return transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(lock)) {
            statement.setString(1, cluster);
            statement.executeQuery().close();
          }
          if (postgres) {
            try (PreparedStatement statement =
                connection.prepareStatement(TriggerAccessLock.EXCLUSIVE)) {
              statement.setString(1, cluster);
              statement.execute();
            }
          }
          List<TriggerRow> repaired = new ArrayList<>();
          for (Repair repair : repairs) {
            TriggerRow trigger = repair.trigger();
            try (PreparedStatement statement = connection.prepareStatement(restore)) {
              statement.setString(1, ALL_GROUPS_PAUSED);
              statement.setString(2, cluster);
              statement.setString(3, trigger.group());
              statement.setString(4, trigger.name());
              statement.setString(5, trigger.state());
              if (statement.executeUpdate() == 0) {
                continue;
              }
            }
            for (String owner : repair.deadOwners()) {
              try (PreparedStatement statement = connection.prepareStatement(orphans)) {
                statement.setString(1, cluster);
                statement.setString(2, owner);
                statement.setString(3, trigger.group());
                statement.setString(4, trigger.name());
                statement.setString(5, trigger.jobGroup());
                statement.setString(6, trigger.jobName());
                statement.executeUpdate();
              }
            }
            repaired.add(trigger);
          }
          return repaired;
        });
  }
}
