package io.carillon.server.testing;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test-only job type whose every run inserts one row into the table {@code tally.runs} of a
 * database it is given: which counter, the fire time it was scheduled for, when it really ran, and
 * on which node. Cluster tests count runs from these rows, the jobs' own side effect, rather than
 * from Carillon's execution records, so a bug in the recording cannot hide a lost or doubled run.
 *
 * <p>It reaches the server only as a plugin jar ({@link TallyPlugin}), as a user's type would; it
 * must therefore use nothing but the JDK, the job SPI and the PostgreSQL driver the server carries.
 */
public final class TallyJobType implements JobType {
  private static final ThreadLocal<Connection> CONNECTION = new ThreadLocal<>();

  @Override
  public String name() {
    return "tally";
  }

  @Override
  public String description() {
    return "Test only: records each run as a row in the table tally.runs.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("jdbcUrl", ParameterType.STRING, "Database holding tally.runs."),
        ParameterSpec.required("user", ParameterType.STRING, "Database user."),
        ParameterSpec.optional("password", ParameterType.STRING, "Database password."),
        ParameterSpec.required("counter", ParameterType.STRING, "What this run counts as."),
        ParameterSpec.optional(
            "holdMillis", ParameterType.STRING, "How long the run lasts, to make runs overlap."),
        ParameterSpec.optional(
            "holdUntilReleased",
            ParameterType.STRING,
            "When true, the run lasts until the test releases its counter (tally.releases)."));
  }

  @Override
  public void run(JobContext context) throws Exception {
    var params = context.params();
    String password = params.has("password") ? params.string("password") : "";
    Connection connection = connection(params.string("jdbcUrl"), params.string("user"), password);
    var started = context.clock().instant();
    if (params.has("holdMillis")) {
      // Simulated work, so that runs last long enough to overlap if the scheduler let them.
      Thread.sleep(Long.parseLong(params.string("holdMillis")));
    }
    if (params.has("holdUntilReleased")) {
      awaitRelease(connection, params.string("counter"));
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO tally.runs (counter, scheduled_at, fired_at, ended_at, node_id,"
                + " execution_id) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, params.string("counter"));
      insert.setObject(2, OffsetDateTime.ofInstant(context.scheduledFireTime(), ZoneOffset.UTC));
      insert.setObject(3, OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
      insert.setObject(4, OffsetDateTime.ofInstant(context.clock().instant(), ZoneOffset.UTC));
      insert.setString(5, context.nodeId());
      insert.setString(6, context.executionId());
      insert.executeUpdate();
    } catch (SQLException e) {
      CONNECTION.remove();
      connection.close();
      throw e;
    }
  }

  /**
   * Waits until the test has released {@code counter}: a run that lasts exactly as long as the test
   * needs it to, however slow the machine, instead of a duration guessed to be long enough. Gives
   * up after two minutes so that a failed test cannot leave a worker busy for ever.
   */
  private static void awaitRelease(Connection connection, String counter)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    try (PreparedStatement released =
        connection.prepareStatement("SELECT 1 FROM tally.releases WHERE counter = ?")) {
      released.setString(1, counter);
      while (System.nanoTime() < deadline) {
        try (var rows = released.executeQuery()) {
          if (rows.next()) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException(counter + " was not released within two minutes");
  }

  /**
   * One connection per worker thread, kept for the next run on that thread. A connection per run
   * would fork a PostgreSQL backend for each of thousands of runs, on a server other builds share;
   * runs of one thread never overlap, so the type stays safe to run concurrently.
   */
  private static Connection connection(String url, String user, String password)
      throws SQLException {
    Connection kept = CONNECTION.get();
    if (kept != null && !kept.isClosed() && url.equals(kept.getMetaData().getURL())) {
      return kept;
    }
    if (kept != null) {
      kept.close();
    }
    Connection fresh = DriverManager.getConnection(url, user, password);
    CONNECTION.set(fresh);
    return fresh;
  }
}
