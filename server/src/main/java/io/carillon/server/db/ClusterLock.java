package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * Runs work while holding a PostgreSQL session advisory lock, so replicas starting together do it
 * one after the other. On H2 (one node only) there is nobody to wait for and no lock is taken.
 */
public final class ClusterLock {
  /** Held while migrating the schema. */
  public static final long MIGRATIONS = 0x4361_7269_6c6c_6f6eL;

  /** Held while reconciling the jobs declared in config.yml into the store. */
  public static final long CONFIG_JOBS = 0x4361_7269_6c6c_6f6fL;

  /** Held while storing configured API keys and making the first admin key. */
  public static final long API_KEYS = 0x4361_7269_6c6c_6f70L;

  /** Held while creating or adjusting the cluster's canary trigger. */
  public static final long CANARY = 0x4361_7269_6c6c_6f71L;

  private final Database database;

  public ClusterLock(Database database) {
    this.database = database;
  }

  public <T> T holding(long key, Supplier<T> work) {
    if (database.dialect() != DatabaseDialect.POSTGRESQL) {
      return work.get();
    }
    try (Connection lock = database.dataSource().getConnection()) {
      // Waiting here is expected (another replica migrates or reconciles, however long that takes),
      // so the pool's lock and statement timeouts are lifted on this session for the wait.
      run(lock, "SET lock_timeout = 0; SET statement_timeout = 0");
      try {
        execute(lock, "SELECT pg_advisory_lock(?)", key);
        try {
          return work.get();
        } finally {
          execute(lock, "SELECT pg_advisory_unlock(?)", key);
        }
      } finally {
        run(lock, "RESET lock_timeout; RESET statement_timeout");
      }
    } catch (SQLException e) {
      throw new CarillonException("cluster lock " + key + ": " + e.getMessage(), e);
    }
  }

  private static void run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void execute(Connection connection, String sql, long key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, key);
      statement.execute();
    }
  }
}
