package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.db.FoldedRuns.Written;
import io.carillon.server.db.RunRecorder.Finish;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code carillon_uncounted_run}: runs whose final row is written but which their job's counters do
 * not include yet. Counting a run deletes its row in the counting transaction, so whoever deletes
 * it counts it, exactly once: its own node ({@link PostgresRunRecordSql#claimAndLockJobs}), or a
 * node sweeping up after a crash ({@link #claimStale}).
 */
final class UncountedRuns {
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
