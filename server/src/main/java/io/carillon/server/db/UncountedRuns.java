package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.JobId;
import io.carillon.server.db.FoldedRuns.Written;
import io.carillon.server.db.RunRecordSql.JobState;
import io.carillon.server.db.RunRecorder.Finish;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code carillon_uncounted_run}: runs whose final row is written but which their job's counters do
 * not include yet. Counting a run deletes its row in the counting transaction, so whoever deletes
 * it counts it, exactly once: its own node ({@link #claimAndLockJobs}), or a node sweeping up after
 * a crash ({@link #claimStale}).
 */
final class UncountedRuns {
  /**
   * Claims runs queued for counting ({@code carillon_uncounted_run}, see {@link UncountedRuns}) and
   * locks the jobs' rows, in one statement: the claim's subquery is the outer side of the join, so
   * the queue rows are deleted before any job row is locked, in the order every counting
   * transaction takes them (queue, then jobs by key).
   *
   * <p>It also has the counting update that follows use its generic plan: left to choose,
   * PostgreSQL re-planned that update at every call (a plan for unknown batch sizes looks dearer
   * than one for the batch at hand), which cost more than running it.
   */
  private static final String CLAIM_AND_LOCK =
      "WITH claimed AS (DELETE FROM carillon_uncounted_run WHERE fire_id = ANY (?::text[])"
          + " RETURNING fire_id)"
          + " SELECT c.ids, j.job_group, j.job_name, j.failing, j.incarnation"
          + " FROM (SELECT array_agg(fire_id) AS ids,"
          + " set_config('plan_cache_mode', 'force_generic_plan', true) AS plans FROM claimed) c"
          + " LEFT JOIN LATERAL ("
          + PostgresRunRecordSql.LOCK.replace(" ORDER BY v.ord", "")
          + " WHERE c.ids IS NOT NULL ORDER BY v.ord) j ON true";

  /** What {@link #claimAndLockJobs} claimed and found. */
  record Claimed(Set<String> fireIds, Map<JobId, JobState> jobs) {}

  /**
   * Claims these runs for counting and locks the jobs' rows; returns the fire ids this transaction
   * claimed (a sweeping node may have claimed others) and the jobs' state (absent: no such job). No
   * run claimed: no job locked.
   */
  /** PostgreSQL only, as the set-based store that queues the runs. */
  Claimed claimAndLockJobs(
      Connection connection, String cluster, Collection<String> fireIds, Collection<JobId> jobs)
      throws SQLException {
    List<JobId> list =
        jobs.stream()
            .sorted(Comparator.comparing(JobId::group).thenComparing(JobId::name))
            .toList();
    try (PreparedStatement statement = connection.prepareStatement(CLAIM_AND_LOCK)) {
      statement.setArray(1, connection.createArrayOf("text", fireIds.toArray()));
      statement.setArray(2, PostgresRunRecordSql.texts(connection, list, JobId::group));
      statement.setArray(3, PostgresRunRecordSql.texts(connection, list, JobId::name));
      statement.setString(4, cluster);
      Set<String> claimed = new HashSet<>();
      Map<JobId, JobState> states = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Array ids = rows.getArray(1);
          if (ids != null && claimed.isEmpty()) {
            claimed.addAll(List.of((String[]) ids.getArray()));
          }
          if (rows.getString(2) != null) {
            states.put(
                new JobId(rows.getString(2), rows.getString(3)),
                new JobState(rows.getBoolean(4), rows.getString(5)));
          }
        }
      }
      return new Claimed(claimed, states);
    }
  }

  /** The oldest rows no one is claiming right now; the ones another node claims are skipped. */
  private static final String CLAIM_STALE =
      "DELETE FROM carillon_uncounted_run WHERE fire_id IN (SELECT fire_id"
          + " FROM carillon_uncounted_run WHERE queued_at < ? ORDER BY queued_at LIMIT ?"
          + " FOR UPDATE SKIP LOCKED) RETURNING fire_id";

  private static final String READ_ENDS =
      "SELECT id, fire_id, job_group, job_name, started_at, finished_at, duration_ms, status,"
          + " error, job_incarnation FROM carillon_execution WHERE fire_id = ANY (?::text[])";

  /**
   * Claims up to {@code limit} runs queued before {@code before} (their node did not count them: it
   * stopped first) and reads their ends back. What the end alone cannot tell, whether a failure was
   * the last attempt, is taken to be so.
   */
  List<Written> claimStale(Connection connection, Instant before, int limit) throws SQLException {
    Set<String> claimed;
    try (PreparedStatement statement = connection.prepareStatement(CLAIM_STALE)) {
      statement.setObject(1, before.atOffset(java.time.ZoneOffset.UTC));
      statement.setInt(2, limit);
      claimed = fireIds(statement);
    }
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<Written> ends = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(READ_ENDS)) {
      statement.setArray(1, connection.createArrayOf("text", claimed.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ends.add(read(rows));
        }
      }
    }
    return ends;
  }

  private static Written read(ResultSet rows) throws SQLException {
    ExecutionStatus status = ExecutionStatus.valueOf(rows.getString("status"));
    Instant started = rows.getObject("started_at", OffsetDateTime.class).toInstant();
    OffsetDateTime finished = rows.getObject("finished_at", OffsetDateTime.class);
    long duration = rows.getLong("duration_ms");
    Finish finish =
        new Finish(
            rows.getString("id"),
            rows.getString("fire_id"),
            rows.getString("job_group"),
            rows.getString("job_name"),
            started,
            finished == null ? started : finished.toInstant(),
            duration,
            status,
            rows.getString("error"),
            null,
            null,
            false,
            status.isFailure());
    return new Written(finish, rows.getString("job_incarnation"));
  }

  private static Set<String> fireIds(PreparedStatement statement) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
