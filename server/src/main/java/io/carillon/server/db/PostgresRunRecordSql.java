package io.carillon.server.db;

import io.carillon.server.common.JobId;
import io.carillon.server.common.JobState;
import io.carillon.server.db.RunRecorder.Finish;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * PostgreSQL: each batch is one statement, whatever its size, with one array parameter per column
 * unnested into rows. Instants travel as epoch milliseconds ({@code bigint[]}), which every driver
 * binds without a type of its own.
 */
final class PostgresRunRecordSql implements RunRecordSql {
  private static final String INSERT =
      "INSERT INTO carillon_execution (id, fire_id, job_group, job_name, node_id, scheduled_at,"
          + " started_at, status, trigger_kind, attempt, finished_at, duration_ms, error,"
          + " job_incarnation)"
          + " SELECT id, fire_id, g, n, node, to_timestamp(sched / 1000.0),"
          + " to_timestamp(started / 1000.0), status, kind, attempt, to_timestamp(fin / 1000.0),"
          + " dur, err, COALESCE((SELECT j.incarnation FROM carillon_job j"
          + " WHERE j.sched_name = ? AND j.job_group = v.g AND j.job_name = v.n), 'gone')"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[],"
          + " ?::text[]) AS v(id, fire_id, g, n, node, sched, started, status, kind, attempt, fin,"
          + " dur, err)";

  /**
   * {@link #INSERT} for the starts the job store writes with its fires, as a common table
   * expression, {@code rs}, of its firing statement: only the starts whose fire id is among {@code
   * firedIds} (an SQL expression over the store's statement: the fires it wrote) are inserted, and
   * a row that cannot be inserted (an execution id used before) must not fail the fire; its run
   * records its own start.
   */
  static String insertStartsWith(String firedIds) {
    return "rs AS ("
        + INSERT
        + " WHERE v.fire_id IN "
        + firedIds
        + " ON CONFLICT DO NOTHING RETURNING fire_id)";
  }

  /** What {@link #insertStartsWith} returns to its statement: each fire id inserted. */
  static final String INSERT_STARTS_SELECT = "SELECT fire_id FROM rs";

  private static final String FINISH =
      "UPDATE carillon_execution e SET finished_at = to_timestamp(v.fin / 1000.0),"
          + " duration_ms = v.dur, status = v.status, error = v.err, result = v.res,"
          + " output = v.out, output_truncated = v.trunc"
          + " FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::boolean[]) AS v(fire_id, fin, dur, status, err, res, out, trunc)"
          + " WHERE e.fire_id = v.fire_id RETURNING e.fire_id, e.job_incarnation";

  /**
   * {@link #FINISH} and the runs to count queued for counting (a retried write queues once), as
   * common table expressions: the job store puts them into its own completion statement, after its
   * own, so that a fire's completion and its run's end are one statement.
   */
  static final String FINISH_UNCOUNTED_WITH =
      "u AS ("
          + FINISH
          + "), q AS (INSERT INTO carillon_uncounted_run (fire_id, queued_at)"
          + " SELECT fire_id, to_timestamp(? / 1000.0) FROM u WHERE fire_id = ANY (?::text[])"
          + " ON CONFLICT DO NOTHING)";

  /** What a statement holding {@link #FINISH_UNCOUNTED_WITH} returns: each run ended. */
  static final String FINISH_UNCOUNTED_SELECT = "SELECT fire_id, job_incarnation FROM u";

  /**
   * Each key looked up on its own (a lateral index probe), never a join the planner could turn into
   * a scan of every job: the keys come sorted, so rows are locked in key order.
   */
  static final String LOCK =
      "SELECT j.job_group, j.job_name, j.failing, j.incarnation"
          + " FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS v(g, n, ord)"
          + " CROSS JOIN LATERAL (SELECT x.job_group, x.job_name, x.failing, x.incarnation"
          + " FROM carillon_job x WHERE x.sched_name = ? AND x.job_group = v.g AND x.job_name = v.n"
          + " FOR UPDATE) j ORDER BY v.ord";

  private static final String COUNTS =
      "UPDATE carillon_job j SET executions = j.executions + v.runs,"
          + " failures = j.failures + v.fails, misfires = j.misfires + v.misfires,"
          + " last_execution_id = CASE WHEN v.runs > 0 THEN v.last_id ELSE j.last_execution_id END,"
          + " last_status = CASE WHEN v.runs > 0 THEN v.last_status ELSE j.last_status END,"
          + " last_started_at = CASE WHEN v.runs > 0 THEN to_timestamp(v.started / 1000.0)"
          + " ELSE j.last_started_at END,"
          + " last_finished_at = CASE WHEN v.runs > 0 THEN to_timestamp(v.fin / 1000.0)"
          + " ELSE j.last_finished_at END,"
          + " last_duration_ms = CASE WHEN v.runs > 0 THEN v.dur ELSE j.last_duration_ms END,"
          + " failing = CASE WHEN v.runs > 0 THEN v.failing ELSE j.failing END"
          + " FROM unnest(?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[], ?::text[],"
          + " ?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[]) AS v(g, n, runs, fails,"
          + " misfires, last_id, last_status, started, fin, dur, failing)"
          // The row by its physical address: it is locked by this transaction, so that stays put,
          // and the update probes each key instead of joining against every job.
          + " WHERE j.ctid = (SELECT x.ctid FROM carillon_job x WHERE x.sched_name = ?"
          + " AND x.job_group = v.g AND x.job_name = v.n)"
          + " RETURNING j.job_group, j.job_name, j.type";

  @Override
  public void insert(Connection connection, String cluster, List<NewRow> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      bindInsert(connection, statement, cluster, rows);
      statement.executeUpdate();
    }
  }

  private static void bindInsert(
      Connection connection, PreparedStatement statement, String cluster, List<NewRow> rows)
      throws SQLException {
    bindInsert(connection, statement, 1, cluster, rows);
  }

  /** Binds {@link #INSERT}'s parameters from {@code first}; returns the index of the next one. */
  static int bindInsert(
      Connection connection,
      PreparedStatement statement,
      int first,
      String cluster,
      List<NewRow> rows)
      throws SQLException {
    int i = first;
    statement.setString(i++, cluster);
    statement.setArray(i++, texts(connection, rows, r -> r.start().id()));
    statement.setArray(i++, texts(connection, rows, r -> r.start().fireId()));
    statement.setArray(i++, texts(connection, rows, r -> r.start().jobGroup()));
    statement.setArray(i++, texts(connection, rows, r -> r.start().jobName()));
    statement.setArray(i++, texts(connection, rows, r -> r.start().nodeId()));
    statement.setArray(i++, millis(connection, rows, r -> r.start().scheduledAt()));
    statement.setArray(i++, millis(connection, rows, r -> r.start().startedAt()));
    statement.setArray(i++, texts(connection, rows, r -> r.status().name()));
    statement.setArray(i++, texts(connection, rows, r -> r.start().trigger().json()));
    statement.setArray(
        i++,
        connection.createArrayOf(
            "int4", rows.stream().map(r -> r.start().attempt()).toArray(Integer[]::new)));
    statement.setArray(i++, millis(connection, rows, NewRow::finishedAt));
    statement.setArray(
        i++,
        connection.createArrayOf(
            "int8", rows.stream().map(NewRow::durationMs).toArray(Long[]::new)));
    statement.setArray(i++, texts(connection, rows, NewRow::error));
    return i;
  }

  @Override
  public Map<String, String> finish(Connection connection, List<Finish> finishes)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
      bindFinishes(connection, statement, 1, finishes);
      return incarnations(statement);
    }
  }

  /**
   * Binds {@link #FINISH_UNCOUNTED_WITH}'s parameters from {@code first}: the ends, and the runs of
   * {@code toCount} to queue, stamped {@code queuedAt}. Returns the index of the next one.
   */
  static int bindFinishUncounted(
      Connection connection,
      PreparedStatement statement,
      int first,
      List<Finish> finishes,
      List<String> toCount,
      Instant queuedAt)
      throws SQLException {
    int next = bindFinishes(connection, statement, first, finishes);
    statement.setLong(next++, queuedAt.toEpochMilli());
    statement.setArray(next++, connection.createArrayOf("text", toCount.toArray()));
    return next;
  }

  /** Binds {@link #FINISH}'s parameters from {@code first}; returns the index of the next one. */
  private static int bindFinishes(
      Connection connection, PreparedStatement statement, int first, List<Finish> finishes)
      throws SQLException {
    int i = first;
    statement.setArray(i++, texts(connection, finishes, Finish::fireId));
    statement.setArray(i++, millis(connection, finishes, Finish::finishedAt));
    statement.setArray(
        i++,
        connection.createArrayOf(
            "int8", finishes.stream().map(Finish::durationMs).toArray(Long[]::new)));
    statement.setArray(i++, texts(connection, finishes, f -> f.status().name()));
    statement.setArray(i++, texts(connection, finishes, Finish::error));
    statement.setArray(i++, texts(connection, finishes, Finish::resultJson));
    statement.setArray(i++, texts(connection, finishes, Finish::output));
    statement.setArray(
        i++,
        connection.createArrayOf(
            "bool", finishes.stream().map(Finish::outputTruncated).toArray(Boolean[]::new)));
    return i;
  }

  private static Map<String, String> incarnations(PreparedStatement statement) throws SQLException {
    Map<String, String> incarnations = new HashMap<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        incarnations.put(rows.getString(1), rows.getString(2));
      }
    }
    return incarnations;
  }

  @Override
  public Map<JobId, JobState> lockJobs(
      Connection connection, String cluster, Collection<JobId> jobs) throws SQLException {
    List<JobId> list =
        jobs.stream()
            .sorted(Comparator.comparing(JobId::group).thenComparing(JobId::name))
            .toList();
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      statement.setArray(1, texts(connection, list, JobId::group));
      statement.setArray(2, texts(connection, list, JobId::name));
      statement.setString(3, cluster);
      Map<JobId, JobState> states = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          states.put(
              new JobId(rows.getString(1), rows.getString(2)),
              new JobState(rows.getBoolean(3), rows.getString(4)));
        }
      }
      return states;
    }
  }

  @Override
  public Map<JobId, String> addCounts(
      Connection connection, String cluster, Collection<JobCounts> counts) throws SQLException {
    List<JobCounts> list = List.copyOf(counts);
    try (PreparedStatement statement = connection.prepareStatement(COUNTS)) {
      int i = 1;
      statement.setArray(i++, texts(connection, list, c -> c.job().group()));
      statement.setArray(i++, texts(connection, list, c -> c.job().name()));
      statement.setArray(i++, ints(connection, list, JobCounts::runs));
      statement.setArray(i++, ints(connection, list, JobCounts::failures));
      statement.setArray(i++, ints(connection, list, JobCounts::misfires));
      statement.setArray(
          i++, texts(connection, list, c -> c.last() == null ? null : c.last().id()));
      statement.setArray(
          i++, texts(connection, list, c -> c.last() == null ? null : c.last().status().name()));
      statement.setArray(
          i++, millis(connection, list, c -> c.last() == null ? null : c.last().startedAt()));
      statement.setArray(
          i++, millis(connection, list, c -> c.last() == null ? null : c.last().finishedAt()));
      statement.setArray(
          i++,
          connection.createArrayOf(
              "int8",
              list.stream()
                  .map(c -> c.last() == null ? null : c.last().durationMs())
                  .toArray(Long[]::new)));
      statement.setArray(
          i++,
          connection.createArrayOf(
              "bool", list.stream().map(JobCounts::failingAfter).toArray(Boolean[]::new)));
      statement.setString(i, cluster);
      Map<JobId, String> types = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          types.put(new JobId(rows.getString(1), rows.getString(2)), rows.getString(3));
        }
      }
      return types;
    }
  }

  static <T> Array texts(Connection connection, List<T> items, Function<T, String> value)
      throws SQLException {
    return connection.createArrayOf("text", items.stream().map(value).toArray(String[]::new));
  }

  private static <T> Array ints(Connection connection, List<T> items, Function<T, Integer> value)
      throws SQLException {
    return connection.createArrayOf("int4", items.stream().map(value).toArray(Integer[]::new));
  }

  private static <T> Array millis(Connection connection, List<T> items, Function<T, Instant> value)
      throws SQLException {
    return connection.createArrayOf(
        "int8",
        items.stream()
            .map(value)
            .map(instant -> instant == null ? null : instant.toEpochMilli())
            .toArray(Long[]::new));
  }
}
