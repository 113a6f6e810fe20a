package io.carillon.server.db;

import io.carillon.server.common.JobId;
import io.carillon.server.common.JobState;
import io.carillon.server.db.RunRecorder.Finish;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Any JDBC database (H2, one node): one row per statement, sent as JDBC batches. The embedded
 * database has no other node to contend with, so this is about correctness, not speed.
 */
final class BatchRunRecordSql implements RunRecordSql {
  private static final String INSERT =
      "INSERT INTO carillon_execution (id, fire_id, job_group, job_name, node_id, scheduled_at,"
          + " started_at, status, trigger_kind, attempt, finished_at, duration_ms, error,"
          + " job_incarnation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " COALESCE((SELECT j.incarnation FROM carillon_job j WHERE j.sched_name = ?"
          + " AND j.job_group = ? AND j.job_name = ?), 'gone'))";
  private static final String FINISH =
      "UPDATE carillon_execution SET finished_at = ?, duration_ms = ?, status = ?, error = ?,"
          + " result = ?, output = ?, output_truncated = ? WHERE fire_id = ?";
  private static final String INCARNATION =
      "SELECT job_incarnation FROM carillon_execution WHERE fire_id = ?";
  private static final String LOCK =
      "SELECT failing, incarnation FROM carillon_job"
          + " WHERE sched_name = ? AND job_group = ? AND job_name = ? FOR UPDATE";
  private static final String COUNTS =
      "UPDATE carillon_job SET executions = executions + ?, failures = failures + ?,"
          + " misfires = misfires + ? WHERE sched_name = ? AND job_group = ? AND job_name = ?";
  private static final String LAST =
      "UPDATE carillon_job SET last_execution_id = ?, last_status = ?, last_started_at = ?,"
          + " last_finished_at = ?, last_duration_ms = ?, failing = ?"
          + " WHERE sched_name = ? AND job_group = ? AND job_name = ?";
  private static final String TYPE =
      "SELECT type FROM carillon_job WHERE sched_name = ? AND job_group = ? AND job_name = ?";

  @Override
  public void insert(Connection connection, String cluster, List<NewRow> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      for (NewRow row : rows) {
        var start = row.start();
        statement.setString(1, start.id());
        statement.setString(2, start.fireId());
        statement.setString(3, start.jobGroup());
        statement.setString(4, start.jobName());
        statement.setString(5, start.nodeId());
        setInstant(statement, 6, start.scheduledAt());
        setInstant(statement, 7, start.startedAt());
        statement.setString(8, row.status().name());
        statement.setString(9, start.trigger().json());
        statement.setInt(10, start.attempt());
        setInstant(statement, 11, row.finishedAt());
        statement.setObject(12, row.durationMs(), Types.BIGINT);
        statement.setString(13, row.error());
        statement.setString(14, cluster);
        statement.setString(15, start.jobGroup());
        statement.setString(16, start.jobName());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  @Override
  public Map<String, String> finish(Connection connection, List<Finish> finishes)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
      for (Finish finish : finishes) {
        setInstant(statement, 1, finish.finishedAt());
        statement.setLong(2, finish.durationMs());
        statement.setString(3, finish.status().name());
        statement.setString(4, finish.error());
        statement.setString(5, finish.resultJson());
        statement.setString(6, finish.output());
        statement.setBoolean(7, finish.outputTruncated());
        statement.setString(8, finish.fireId());
        statement.addBatch();
      }
      statement.executeBatch();
    }
    Map<String, String> incarnations = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(INCARNATION)) {
      for (Finish finish : finishes) {
        statement.setString(1, finish.fireId());
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            incarnations.put(finish.fireId(), rows.getString(1));
          }
        }
      }
    }
    return incarnations;
  }

  @Override
  public Map<JobId, JobState> lockJobs(
      Connection connection, String cluster, Collection<JobId> jobs) throws SQLException {
    Map<JobId, JobState> states = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      for (JobId job :
          jobs.stream()
              .sorted(Comparator.comparing(JobId::group).thenComparing(JobId::name))
              .toList()) {
        statement.setString(1, cluster);
        statement.setString(2, job.group());
        statement.setString(3, job.name());
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            states.put(job, new JobState(rows.getBoolean(1), rows.getString(2)));
          }
        }
      }
    }
    return states;
  }

  @Override
  public Map<JobId, String> addCounts(
      Connection connection, String cluster, Collection<JobCounts> counts) throws SQLException {
    Map<JobId, String> types = new HashMap<>();
    try (PreparedStatement add = connection.prepareStatement(COUNTS);
        PreparedStatement last = connection.prepareStatement(LAST);
        PreparedStatement type = connection.prepareStatement(TYPE)) {
      for (JobCounts count : counts) {
        add.setInt(1, count.runs());
        add.setInt(2, count.failures());
        add.setInt(3, count.misfires());
        add.setString(4, cluster);
        add.setString(5, count.job().group());
        add.setString(6, count.job().name());
        add.executeUpdate();
        if (count.last() != null) {
          Finish finish = count.last();
          last.setString(1, finish.id());
          last.setString(2, finish.status().name());
          setInstant(last, 3, finish.startedAt());
          setInstant(last, 4, finish.finishedAt());
          last.setLong(5, finish.durationMs());
          last.setBoolean(6, count.failingAfter());
          last.setString(7, cluster);
          last.setString(8, count.job().group());
          last.setString(9, count.job().name());
          last.executeUpdate();
        }
        type.setString(1, cluster);
        type.setString(2, count.job().group());
        type.setString(3, count.job().name());
        try (ResultSet rows = type.executeQuery()) {
          if (rows.next()) {
            types.put(count.job(), rows.getString(1));
          }
        }
      }
    }
    return types;
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
    }
  }
}
