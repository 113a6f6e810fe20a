package io.carillon.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark database: created fresh, dropped at the end, and read by the harness over one
 * connection (so that its own polling adds one transaction per query and nothing else, which the
 * profile subtracts).
 */
final class Pg implements AutoCloseable {
  /** Every database created and not yet dropped, for the harness's shutdown hook. */
  private static final java.util.Set<Pg> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String server;
  private final String name;
  private final String user;
  private final String password;
  private Connection connection;
  private long queries;

  private Pg(String server, String name, String user, String password) {
    this.server = server;
    this.name = name;
    this.user = user;
    this.password = password;
  }

  /** {@code server} is a JDBC URL without the database, e.g. jdbc:postgresql://127.0.0.1:5432/. */
  static Pg create(String server, String name, String user, String password) throws SQLException {
    Pg pg = new Pg(server, name, user, password);
    try (Connection admin = pg.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    }
    LIVE.add(pg);
    return pg;
  }

  /** Drops every database still there (the harness is exiting, perhaps interrupted). */
  static void dropAll() {
    for (Pg pg : LIVE) {
      try {
        pg.close();
      } catch (SQLException e) {
        System.err.println("could not drop " + pg.name + ": " + e.getMessage());
      }
    }
  }

  String url() {
    return server + name;
  }

  String name() {
    return name;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** A connection to the maintenance database, for the pg_stat views without touching this one. */
  Connection admin() throws SQLException {
    return DriverManager.getConnection(server + "postgres", user, password);
  }

  /** How many statements the harness itself has run on this database (each its own commit). */
  synchronized long queries() {
    return queries;
  }

  synchronized long number(String sql, Object... params) throws SQLException {
    try (ResultSet rows = query(sql, params)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Rows of longs (epoch milliseconds for timestamps): one long[] per row. */
  synchronized List<long[]> rows(String sql, Object... params) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (ResultSet rows = query(sql, params)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        long[] row = new long[columns];
        for (int i = 0; i < columns; i++) {
          Object value = rows.getObject(i + 1);
          row[i] =
              value instanceof java.sql.Timestamp t
                  ? t.getTime()
                  : value instanceof Number n ? n.longValue() : 0;
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The first column of each row, as text. */
  synchronized List<String> strings(String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rows = query(sql, params)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  synchronized void execute(String... statements) throws SQLException {
    try (Statement statement = connection().createStatement()) {
      for (String sql : statements) {
        queries++;
        statement.execute(sql);
      }
    }
  }

  /** Polls until the count reaches {@code expected}; fails after {@code timeout}. */
  void awaitCount(String sql, long expected, Duration timeout, Object... params)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long count;
    while ((count = number(sql, params)) < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + count + " of " + expected + ": " + sql);
      }
      Thread.sleep(100);
    }
  }

  private ResultSet query(String sql, Object... params) throws SQLException {
    PreparedStatement statement = connection().prepareStatement(sql);
    statement.closeOnCompletion();
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    queries++;
    return statement.executeQuery();
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      java.util.Properties properties = new java.util.Properties();
      properties.setProperty("user", user);
      properties.setProperty("password", password);
      // So that the profile can tell the harness's backend from the systems' ones.
      properties.setProperty("ApplicationName", Profiler.HARNESS);
      connection = DriverManager.getConnection(url(), properties);
    }
    return connection;
  }

  @Override
  public synchronized void close() throws SQLException {
    LIVE.remove(this);
    if (connection != null) {
      connection.close();
    }
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
