package io.carillon.server.db;

import io.carillon.server.core.ExecutionStatus;
import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Start;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The statements behind {@link GroupCommitRunRecorder}, each writing a whole batch: one for
 * PostgreSQL (a statement per batch, arrays bound as parameters) and one for any JDBC database (a
 * JDBC batch, for H2).
 */
interface RunRecordSql {
  /** A new {@code carillon_execution} row: RUNNING (no end yet) or already SKIPPED. */
  record NewRow(
      Start start, ExecutionStatus status, Instant finishedAt, Long durationMs, String error) {}

  /** What a batch adds to one job's counters, and what its last run was. */
  record JobCounts(
      JobId job, int runs, int failures, int misfires, Finish last, boolean failingAfter) {}

  static RunRecordSql of(DatabaseDialect dialect) {
    return dialect == DatabaseDialect.POSTGRESQL
        ? new PostgresRunRecordSql()
        : new BatchRunRecordSql();
  }

  void insert(Connection connection, List<NewRow> rows) throws SQLException;

  void finish(Connection connection, List<Finish> finishes) throws SQLException;

  /** Locks the jobs' rows, in key order, and reads whether each is failing (absent: no job). */
  Map<JobId, Boolean> lockFailing(Connection connection, String cluster, Collection<JobId> jobs)
      throws SQLException;

  /** Adds the counts; returns the type of each job that still exists. */
  Map<JobId, String> addCounts(Connection connection, String cluster, Collection<JobCounts> counts)
      throws SQLException;
}
