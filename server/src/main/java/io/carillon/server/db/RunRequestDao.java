package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** SQL for {@code carillon_run_request}: the runs asked for through the API, and reruns' links. */
public final class RunRequestDao {
  private final DataSource dataSource;
  private final Transactions transactions;
  private final String cluster;

  public RunRequestDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.transactions = new Transactions(dataSource, "run requests");
    this.cluster = cluster;
  }

  /**
   * A run asked for: its overrides as JSON (null: none), the whole parameters it was started with
   * as JSON (null on rows from before they were kept) and the run it repeats (null: none).
   */
  public record RunRequest(
      String executionId,
      String group,
      String name,
      String overridesJson,
      String paramsJson,
      String rerunOf,
      String requestedBy,
      Instant requestedAt) {}

  /** Joins the transaction open on the thread, if any: the run's audit entry goes with it. */
  public void insert(RunRequest request) {
    String sql =
        "INSERT INTO carillon_run_request (execution_id, sched_name, job_group, job_name,"
            + " overrides, params, rerun_of, requested_by, requested_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    transactions.joining(
        connection ->
            Transactions.update(
                connection,
                sql,
                request.executionId(),
                cluster,
                request.group(),
                request.name(),
                request.overridesJson(),
                request.paramsJson(),
                request.rerunOf(),
                request.requestedBy(),
                Transactions.utc(request.requestedAt())));
  }

  public Optional<RunRequest> find(String executionId) {
    return query(
            "SELECT * FROM carillon_run_request WHERE execution_id = ? AND sched_name = ?",
            executionId)
        .stream()
        .findFirst();
  }

  /** The reruns of an execution, oldest first. */
  public List<RunRequest> rerunsOf(String executionId) {
    return query(
        "SELECT * FROM carillon_run_request WHERE rerun_of = ? AND sched_name = ?"
            + " ORDER BY requested_at, execution_id",
        executionId);
  }

  private List<RunRequest> query(String sql, String executionId) {
    List<RunRequest> requests = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, executionId);
      statement.setString(2, cluster);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          requests.add(
              new RunRequest(
                  result.getString("execution_id"),
                  result.getString("job_group"),
                  result.getString("job_name"),
                  result.getString("overrides"),
                  result.getString("params"),
                  result.getString("rerun_of"),
                  result.getString("requested_by"),
                  result.getObject("requested_at", OffsetDateTime.class).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return requests;
  }

  private static CarillonException failure(SQLException e) {
    return new CarillonException("run requests: " + e.getMessage(), e);
  }
}
