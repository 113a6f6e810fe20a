package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** One connection, one transaction: committed if the work returns, rolled back if it throws. */
final class Transactions {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  // The transaction run() has open on this thread, which joining() work takes part in.
  private static final ThreadLocal<Connection> OPEN = new ThreadLocal<>();

  private final DataSource dataSource;
  private final String what;

  Transactions(DataSource dataSource, String what) {
    this.dataSource = dataSource;
    this.what = what;
  }

  <T> T run(Work<T> work) {
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
  <T> T joining(Work<T> work) {
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

  /** Binds {@code args} to the statement's parameters, in order. */
  static java.sql.PreparedStatement bind(java.sql.PreparedStatement statement, Object... args)
      throws SQLException {
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
    return statement;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(java.sql.ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
