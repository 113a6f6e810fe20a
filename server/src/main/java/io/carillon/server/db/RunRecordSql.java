package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.JobId;
import io.carillon.server.common.JobState;
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

  /** A job as a batch finds it, locked: whether it is failing, and its current incarnation. */
  record JobState(boolean failing, String incarnation) {}

  /**
   * Inserts the rows, each stamped with the incarnation of its job current at that moment ({@code
   * gone} when the job no longer exists), so that no later job of that name counts it as its own.
   */
  void insert(Connection connection, String cluster, List<NewRow> rows) throws SQLException;

  /** Records the ends; returns the incarnation each ended run was stamped with (by fire id). */
  Map<String, String> finish(Connection connection, List<Finish> finishes) throws SQLException;

  /** Locks the jobs' rows, in key order, and reads their state (absent: no such job). */
  Map<JobId, JobState> lockJobs(Connection connection, String cluster, Collection<JobId> jobs)
      throws SQLException;

  /** Adds the counts; returns the type of each job that still exists. */
  Map<JobId, String> addCounts(Connection connection, String cluster, Collection<JobCounts> counts)
      throws SQLException;
}
