package io.carillon.server.quartz.store;

import io.carillon.server.db.RequestSessionNames;
import io.carillon.server.db.TriggerAccessLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.quartz.impl.jdbcjobstore.LockException;
import org.quartz.impl.jdbcjobstore.StdRowLockSemaphore;

/**
 * Quartz's lock handler with TRIGGER_ACCESS split into a writer and a reader side. {@code
 * TRIGGER_ACCESS}, which every stock code path asks for, becomes exclusive: Quartz's row lock, then
 * the exclusive advisory lock, which waits until no firing transaction is in flight. {@link
 * #SHARED} is asked for by the set-based firing path only and takes the shared advisory lock, so
 * any number of firing transactions run at once and rely on row locks among themselves.
 *
 * <p>The order is always row lock, then advisory lock, and a shared holder never asks for the row
 * lock, so the two sides cannot wait for each other in a circle.
 */
final class ReadWriteTriggerLock extends StdRowLockSemaphore {
  /** The lock name the firing path passes to {@code executeInNonManagedTXLock}. */
  static final String SHARED = "TRIGGER_ACCESS_SHARED";

  private static final String TRIGGER_ACCESS = "TRIGGER_ACCESS";

  /**
   * Quartz inserts its lock row the first time a node asks for it. The firing path no longer does,
   * so a cluster that never paused or stored anything would meet its first management operation
   * without the row: that one would insert it inside its own transaction, invisible to anything
   * that looks for who holds the lock (the cluster-lock check).
   */
  private static final String ENSURE_ROW =
      "INSERT INTO qrtz_locks (sched_name, lock_name) VALUES (?, ?) ON CONFLICT DO NOTHING";

  // Transaction-local (the third argument): the name reverts at commit or rollback by itself.
  private static final String NAME_AFTER_REQUEST =
      "SELECT set_config('application_name', current_setting('application_name') || ' ' || ?,"
          + " true)";

  private final String schedulerName;

  ReadWriteTriggerLock(String tablePrefix, String schedulerName, String selectWithLockSql) {
    super(tablePrefix, schedulerName, selectWithLockSql);
    this.schedulerName = schedulerName;
  }

  @Override
  protected void executeSQL(
      Connection conn, String lockName, String expandedSql, String expandedInsertSql)
      throws LockException {
    if (SHARED.equals(lockName)) {
      advisory(conn, TriggerAccessLock.SHARED);
      return;
    }
    nameAfterRequest(conn);
    super.executeSQL(conn, lockName, expandedSql, expandedInsertSql);
    if (TRIGGER_ACCESS.equals(lockName)) {
      advisory(conn, TriggerAccessLock.EXCLUSIVE);
    }
  }

  /** Makes sure Quartz's TRIGGER_ACCESS row exists (committed by the caller). */
  void ensureRow(Connection conn) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(ENSURE_ROW)) {
      statement.setString(1, schedulerName);
      statement.setString(2, TRIGGER_ACCESS);
      statement.executeUpdate();
    }
  }

  /**
   * Adds the API request on this thread, if any, to the session's name until the transaction ends,
   * so that the cluster-lock check can say which request holds a lock row. Only here: a shared
   * holder holds no lock row, so the firing path and the creation of new jobs skip the statement.
   */
  private static void nameAfterRequest(Connection conn) throws LockException {
    String request = RequestSessionNames.current();
    if (request == null) {
      return;
    }
    try (PreparedStatement statement = conn.prepareStatement(NAME_AFTER_REQUEST)) {
      statement.setString(1, request);
      statement.execute();
    } catch (SQLException e) {
      throw new LockException("cannot name the session after its request: " + e.getMessage(), e);
    }
  }

  private void advisory(Connection conn, String sql) throws LockException {
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      statement.setString(1, schedulerName);
      statement.execute();
    } catch (SQLException e) {
      throw new LockException("cannot take the trigger-access advisory lock: " + e.getMessage(), e);
    }
  }
}
