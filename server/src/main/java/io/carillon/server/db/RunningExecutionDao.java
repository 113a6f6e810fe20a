package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.quartz.schema.JobInQuartz;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The cluster's RUNNING executions, for the cluster view and for the failover sweeper that ends the
 * ones whose node died.
 */
public final class RunningExecutionDao {
  private final DataSource dataSource;
  private final String cluster;

  public RunningExecutionDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
  }

  /**
   * A run in progress on {@code nodeId}. {@code requestsRecovery} is Quartz's flag on the job
   * (Carillon's {@code recover}); {@code type} is null when the job no longer exists.
   */
  public record RunningExecution(
      String id,
      String group,
      String name,
      String nodeId,
      Instant startedAt,
      int attempt,
      boolean requestsRecovery,
      String type) {}

  /** Every RUNNING execution of the cluster, oldest first (served by a partial index). */
  public List<RunningExecution> all() {
    String sql =
        "SELECT e.id, e.job_group, e.job_name, e.node_id, e.started_at, e.attempt,"
            + " d.requests_recovery, j.type FROM carillon_execution e"
            + JobInQuartz.QUARTZ_JOB_OF_EXECUTION
            + " LEFT JOIN carillon_job j ON j.sched_name = ? AND j.job_group = e.job_group"
            + " AND j.job_name = e.job_name"
            + " WHERE e.status = 'RUNNING' ORDER BY e.seq";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.setString(2, cluster);
      List<RunningExecution> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              new RunningExecution(
                  result.getString(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4),
                  result.getObject(5, OffsetDateTime.class).toInstant(),
                  result.getInt(6),
                  result.getBoolean(7),
                  result.getString(8)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new CarillonException("cannot read the running executions: " + e.getMessage(), e);
    }
  }

  /** How many executions of the job are RUNNING anywhere in the cluster. */
  public int countOf(String group, String name) {
    String sql =
        "SELECT count(*) FROM carillon_execution"
            + " WHERE status = 'RUNNING' AND job_group = ? AND job_name = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, group);
      statement.setString(2, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    } catch (SQLException e) {
      throw new CarillonException("cannot count the running executions: " + e.getMessage(), e);
    }
  }

  /**
   * Ends a run its dead node can no longer end, if it is still RUNNING: several nodes may sweep at
   * once, and exactly one of them wins. True when this call ended it.
   */
  public boolean endCutOff(
      String id, ExecutionStatus status, Instant startedAt, Instant finishedAt, String error) {
    String sql =
        "UPDATE carillon_execution SET status = ?, finished_at = ?, duration_ms = ?, error = ?"
            + " WHERE id = ? AND status = 'RUNNING'";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, status.name());
      statement.setObject(2, finishedAt.atOffset(ZoneOffset.UTC));
      statement.setLong(3, Math.max(0, finishedAt.toEpochMilli() - startedAt.toEpochMilli()));
      statement.setString(4, error);
      statement.setString(5, id);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new CarillonException("cannot end cut-off run " + id + ": " + e.getMessage(), e);
    }
  }
}
