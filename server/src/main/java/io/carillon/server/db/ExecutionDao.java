package io.carillon.server.db;

import io.carillon.server.core.CarillonException;
import io.carillon.server.core.ExecutionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** SQL for {@code carillon_execution}: one row per run, on whichever node ran it. */
public final class ExecutionDao {
  private final DataSource dataSource;

  public ExecutionDao(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A run that has just started. {@code id} is Carillon's execution id; {@code fireId} is Quartz's
   * cluster-unique fire instance id.
   */
  public record Start(
      String id,
      String fireId,
      String jobGroup,
      String jobName,
      String nodeId,
      Instant scheduledAt,
      Instant startedAt) {}

  public void started(Start start) {
    String sql =
        "INSERT INTO carillon_execution"
            + " (id, fire_id, job_group, job_name, node_id, scheduled_at, started_at, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, start.id());
      statement.setString(2, start.fireId());
      statement.setString(3, start.jobGroup());
      statement.setString(4, start.jobName());
      statement.setString(5, start.nodeId());
      setInstant(statement, 6, start.scheduledAt());
      setInstant(statement, 7, start.startedAt());
      statement.setString(8, ExecutionStatus.RUNNING.name());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new CarillonException("could not record the start of run " + start.fireId(), e);
    }
  }

  /** The end of a run: when, how long it took (as Quartz measured it), how it ended. */
  public record Finish(
      String fireId, Instant finishedAt, long durationMs, ExecutionStatus status, String error) {}

  public void finished(Finish finish) {
    String sql =
        "UPDATE carillon_execution SET finished_at = ?, duration_ms = ?, status = ?, error = ?"
            + " WHERE fire_id = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      setInstant(statement, 1, finish.finishedAt());
      statement.setLong(2, finish.durationMs());
      statement.setString(3, finish.status().name());
      statement.setString(4, finish.error());
      statement.setString(5, finish.fireId());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new CarillonException("could not record the end of run " + finish.fireId(), e);
    }
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
