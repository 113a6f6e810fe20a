package io.carillon.server.db;

import io.carillon.server.common.PeriodicTask;
import io.carillon.server.quartz.schema.QuartzTables;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics current for the tables the firing path works on, and
 * vacuums them when PostgreSQL's own autovacuum is off.
 *
 * <p>Why: every firing-path statement looks up a batch of keys, and PostgreSQL plans it once per
 * connection from the table's statistics. A table filled faster than autovacuum analyses it (a
 * burst of ten thousand new jobs; or any table on a server run with {@code autovacuum = off}) has
 * statistics of an empty table, and the plan made from them reads every trigger for each batch:
 * measured here, a 3,000-job burst ran at 80 jobs/s with 8.8 ms of PostgreSQL CPU per fire, and at
 * 197 jobs/s with 2.8 ms once the tables were analysed. Analysing a table also invalidates the
 * plans cached for it, so every node re-plans with the new figures.
 *
 * <p>A table is analysed once it has changed by more than {@code 200 + 10 %} of its rows since its
 * last analysis (autovacuum's rule, with a smaller base so that growth from empty is caught early)
 * and vacuumed, only when autovacuum is off (for the server or the table), once its dead rows pass
 * {@code 1000 + 20 %}. One node at a time does it, under a session advisory lock it only tries for;
 * the others skip the round. Neither command blocks the firing path: both take a lock that row
 * reads and writes do not conflict with.
 */
public final class TableMaintenance implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  /** The tables every fire reads or writes. */
  static final List<String> TABLES =
      Stream.concat(
              QuartzTables.ON_FIRING_PATH.stream(), Stream.of("carillon_job", "carillon_execution"))
          .toList();

  /** Single-key advisory lock, beside those of {@link ClusterLock}: "Cmnt" in ASCII. */
  private static final long LOCK_KEY = 1131245172L;

  /** Each table's counters, and whether autovacuum looks after it (globally and for the table). */
  private static final String STATS =
      "SELECT s.relname, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,"
          + " current_setting('autovacuum')::boolean AND coalesce((SELECT o.option_value::boolean"
          + "   FROM pg_options_to_table(c.reloptions) o"
          + "   WHERE o.option_name = 'autovacuum_enabled'), true)"
          + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
          + " WHERE s.schemaname = current_schema() AND s.relname = ANY (?)";

  private final DataSource dataSource;
  private final PeriodicTask task;

  public TableMaintenance(DataSource dataSource, Duration interval) {
    this.dataSource = dataSource;
    // Skipped rounds cost plan quality, never correctness: the next round tries again.
    this.task =
        new PeriodicTask(
            "carillon-table-maintenance",
            interval,
            "Table maintenance skipped",
            this::maintainAndLog);
  }

  /** What a table needs, from its counters in {@code pg_stat_user_tables}. */
  record TableState(
      String table, long liveRows, long deadRows, long changedSinceAnalyze, boolean autovacuum) {
    boolean needsAnalyze() {
      return changedSinceAnalyze > 200 + liveRows / 10;
    }

    boolean needsVacuum() {
      return !autovacuum && deadRows > 1000 + liveRows / 5;
    }
  }

  /** One pass: the tables analysed or vacuumed (empty if another node holds the turn). */
  public List<String> maintain() throws SQLException {
    List<String> done = new ArrayList<>();
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(true);
      if (!tryLock(conn)) {
        return done;
      }
      try (Statement statement = conn.createStatement()) {
        // A long VACUUM must not meet the pool's statement limit; a table another session holds
        // for its own maintenance is skipped this round rather than waited for.
        statement.execute("SET statement_timeout = 0");
        statement.execute("SET lock_timeout = 200");
        for (TableState state : states(conn)) {
          if (state.needsVacuum()) {
            statement.execute("VACUUM (ANALYZE) " + state.table());
            done.add("vacuumed " + state.table());
          } else if (state.needsAnalyze()) {
            statement.execute("ANALYZE " + state.table());
            done.add("analysed " + state.table());
          }
        }
      } finally {
        try (Statement statement = conn.createStatement()) {
          statement.execute("RESET statement_timeout; RESET lock_timeout");
          statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
      }
    }
    return done;
  }

  private static boolean tryLock(Connection conn) throws SQLException {
    try (Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static List<TableState> states(Connection conn) throws SQLException {
    List<TableState> states = new ArrayList<>();
    try (PreparedStatement statement = conn.prepareStatement(STATS)) {
      statement.setArray(1, conn.createArrayOf("text", TABLES.toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          states.add(
              new TableState(
                  rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5)));
        }
      }
    }
    return states;
  }

  private void maintainAndLog() throws SQLException {
    List<String> done = maintain();
    if (!done.isEmpty()) {
      LOG.debug("Table maintenance: {}", String.join(", ", done));
    }
  }

  @Override
  public void start() {
    task.start();
  }

  @Override
  public void stop() {
    task.stop();
  }
}
