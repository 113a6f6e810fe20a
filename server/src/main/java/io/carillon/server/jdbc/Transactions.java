package io.carillon.server.jdbc;

import io.carillon.server.common.CarillonException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The project's one JDBC helper. One connection, one transaction: committed if the work returns,
 * rolled back if it throws; a {@link java.sql.SQLException} becomes a {@link CarillonException}
 * that names what was being done. Used by the DAOs in {@code db} and by Quartz's schema readers in
 * {@code quartz.schema}, which is why it sits below both.
 */
public final class Transactions {
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Reads one row of a result into a value. */
  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  // The transaction run() has open on this thread, which joining() work takes part in.
  private static final ThreadLocal<Connection> OPEN = new ThreadLocal<>();

  private final DataSource dataSource;
  private final String what;

  public Transactions(DataSource dataSource, String what) {
    this.dataSource = dataSource;
    this.what = what;
  }

  public <T> T run(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      Connection outer = OPEN.get();
      OPEN.set(connection);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        OPEN.set(outer);
      }
    } catch (SQLException e) {
      throw new CarillonException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the work inside the transaction this thread has open, so that it commits or rolls back
   * with it (an audit entry with the change it records), or in a transaction of its own if none.
   */
  public <T> T joining(Work<T> work) {
    Connection open = OPEN.get();
    if (open == null) {
      return run(work);
    }
    try {
      return work.run(open);
    } catch (SQLException e) {
      throw new CarillonException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs work of one statement inside the transaction this thread has open, or alone in autocommit
   * if none: one round trip instead of two (statement, then commit), for what every API request
   * does first, such as looking up its key.
   */
  public <T> T single(Work<T> work) {
    Connection open = OPEN.get();
    if (open != null) {
      return joining(work);
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      return work.run(connection);
    } catch (SQLException e) {
      throw new CarillonException(what + ": " + e.getMessage(), e);
    }
  }

  /** Runs one statement in a transaction of its own; returns how many rows it changed. */
  public int update(String sql, Object... args) {
    return run(connection -> update(connection, sql, args));
  }

  /** Runs a query in a transaction of its own; each row read into a value, in order. */
  public <T> List<T> query(String sql, Row<T> row, Object... args) {
    return run(connection -> query(connection, sql, row, args));
  }

  public static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement statement = bind(connection.prepareStatement(sql), args);
        ResultSet rows = statement.executeQuery()) {
      List<T> values = new ArrayList<>();
      while (rows.next()) {
        values.add(row.read(rows));
      }
      return values;
    }
  }

  /** Runs one statement on the connection; returns how many rows it changed. */
  public static int update(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = bind(connection.prepareStatement(sql), args)) {
      return statement.executeUpdate();
    }
  }

  /** Binds {@code args} to the statement's parameters, in order. */
  public static java.sql.PreparedStatement bind(
      java.sql.PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
    return statement;
  }

  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static Instant instant(java.sql.ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
