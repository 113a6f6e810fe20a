package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.jdbc.Transactions;
import io.carillon.server.quartz.schema.StuckTriggerSql;
import io.carillon.server.quartz.schema.StuckTriggerSql.FiredRow;
import io.carillon.server.quartz.schema.StuckTriggerSql.TriggerRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the triggers that may be stuck (ERROR, BLOCKED, ACQUIRED) with Quartz's fired-trigger rows,
 * and puts stuck ones back in service, in the transaction of the audit entry that records it (the
 * statements on Quartz's tables are {@link StuckTriggerSql}'s). Which of them are stuck depends on
 * which nodes are alive, which the caller decides.
 */
public final class StuckTriggerDao {
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

  public List<TriggerRow> candidates() {
    try (Connection connection = dataSource.getConnection()) {
      return StuckTriggerSql.candidates(connection, cluster);
    } catch (SQLException e) {
      throw new CarillonException("cannot read the cluster's triggers: " + e.getMessage(), e);
    }
  }

  /** Every fired-trigger row of the cluster: what is acquired or executing, and where. */
  public List<FiredRow> fired() {
    try (Connection connection = dataSource.getConnection()) {
      return StuckTriggerSql.fired(connection, cluster);
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
    // Joins the transaction open on the thread, if any: the repair goes with its audit entry.
    return transactions.joining(
        connection -> {
          StuckTriggerSql.lockTriggerAccess(connection, cluster);
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
            if (!StuckTriggerSql.restore(connection, cluster, trigger)) {
              continue;
            }
            for (String owner : repair.deadOwners()) {
              StuckTriggerSql.deleteFiredRows(connection, cluster, owner, trigger);
            }
            repaired.add(trigger);
          }
          return repaired;
        });
  }
}
