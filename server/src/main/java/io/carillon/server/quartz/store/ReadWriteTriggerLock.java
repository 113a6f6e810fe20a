package io.carillon.server.quartz.store;

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
    super.executeSQL(conn, lockName, expandedSql, expandedInsertSql);
    if (TRIGGER_ACCESS.equals(lockName)) {
      advisory(conn, TriggerAccessLock.EXCLUSIVE);
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
