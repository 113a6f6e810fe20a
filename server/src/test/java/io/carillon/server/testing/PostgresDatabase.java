package io.carillon.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.Extension;

/**
 * A fresh PostgreSQL database for one test class. The database is created when the extension is
 * constructed (a static field initialiser), so it exists before any other extension, such as
 * Dropwizard's, starts an application on it. It is dropped when the test JVM exits: JUnit runs a
 * field's {@code afterAll} before the class-level Dropwizard extension stops the application, and
 * dropping the database under a running scheduler would make its shutdown fail.
 *
 * <p>The server is the machine's PostgreSQL: {@code PGHOST}/{@code PGPORT}/{@code PGUSER} or
 * 127.0.0.1:5432 as postgres with trust authentication.
 */
public final class PostgresDatabase implements Extension {
  private static final String HOST = env("PGHOST", "127.0.0.1");
  private static final String PORT = env("PGPORT", "5432");
  private static final String USER = env("PGUSER", "postgres");
  private static final String PASSWORD = env("PGPASSWORD", "");

  private final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  /** Creates {@code carillon_<owner>_<random>}. */
  public static PostgresDatabase create(Class<?> owner) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String name = ("carillon_" + owner.getSimpleName() + "_" + suffix).toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + name);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
    return new PostgresDatabase(name);
  }

  public String url() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** The single number a query returns, such as a count. */
  public long number(String sql, Object... args) {
    List<String> rows = strings(sql, args);
    if (rows.size() != 1) {
      throw new IllegalStateException(sql + " returned " + rows.size() + " rows");
    }
    return Long.parseLong(rows.get(0));
  }

  /** The first column of every row a query returns, as text. */
  public List<String> strings(String sql, Object... args) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      List<String> result = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          result.add(rows.getString(1));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs one statement that changes rows; how many it changed. */
  public int execute(String sql, Object... args) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * Makes every insert into {@code table} fail (a trigger raising {@code inserts refused}), as a
   * write that fails inside a transaction would; {@link #acceptInserts} ends it.
   */
  public void refuseInserts(String table) {
    execute(
        "CREATE OR REPLACE FUNCTION refuse_inserts() RETURNS trigger AS"
            + " $$ BEGIN RAISE EXCEPTION 'inserts refused'; END $$ LANGUAGE plpgsql");
    execute(
        "CREATE TRIGGER refuse_inserts BEFORE INSERT ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION refuse_inserts()");
  }

  public void acceptInserts(String table) {
    execute("DROP TRIGGER IF EXISTS refuse_inserts ON " + table);
  }

  /**
   * The audit log as {@code actor_id actor_name action target at} lines, oldest first ({@code at}
   * as an ISO-8601 instant to the second).
   */
  public List<String> auditLines() {
    return strings(
        "SELECT actor_id || ' ' || actor_name || ' ' || action || ' ' || target || ' '"
            + " || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            + " FROM carillon_audit ORDER BY seq");
  }

  /**
   * An outage of this database alone: it refuses new connections (even a superuser's) and every
   * open one is ended, as when the server goes away. {@link #restore} ends it.
   */
  public void cutOff() {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name
            + "' AND pid <> pg_backend_pid()");
  }

  public void restore() {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  }

  private static void admin(String sql) {
    String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + HOST + ":" + PORT + " is needed for this test: " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
