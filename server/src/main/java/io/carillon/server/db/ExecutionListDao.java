package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionFilter;
import io.carillon.server.common.ExecutionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads {@code carillon_execution} for the API, newest first, paged by {@code seq}. */
public final class ExecutionListDao {
  private static final String COLUMNS =
      "seq, id, job_group, job_name, node_id, scheduled_at, started_at, finished_at, duration_ms,"
          + " status, trigger_kind, attempt, error, result, output_truncated,"
          + " interrupt_requested_at";

  private final DataSource dataSource;

  public ExecutionListDao(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Up to {@code limit} executions matching the filter with seq below {@code beforeSeq}. */
  public List<ExecutionRow> page(ExecutionFilter filter, Long beforeSeq, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM carillon_execution WHERE 1=1");
    if (filter.status() != null) {
      sql.append(" AND status = ?");
      args.add(filter.status());
    }
    if (filter.group() != null) {
      sql.append(" AND job_group = ?");
      args.add(filter.group());
    }
    if (filter.job() != null) {
      sql.append(" AND job_name = ?");
      args.add(filter.job());
    }
    if (filter.incarnation() != null) {
      // NULL: recorded by a node of the previous version during a rolling upgrade (see V9).
      sql.append(" AND (job_incarnation = ? OR job_incarnation IS NULL)");
      args.add(filter.incarnation());
    }
    if (filter.since() != null) {
      sql.append(" AND started_at >= ?");
      args.add(filter.since().atOffset(ZoneOffset.UTC));
    }
    if (beforeSeq != null) {
      sql.append(" AND seq < ?");
      args.add(beforeSeq);
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args);
  }

  public Optional<ExecutionRow> find(String id) {
    return query("SELECT " + COLUMNS + " FROM carillon_execution WHERE id = ?", List.of(id))
        .stream()
        .findFirst();
  }

  /** The captured output of a run: empty when there is no such run, "" when it printed nothing. */
  public Optional<String> output(String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT output FROM carillon_execution WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String output = rows.getString(1);
        return Optional.of(output == null ? "" : output);
      }
    } catch (SQLException e) {
      throw new CarillonException("execution output: " + e.getMessage(), e);
    }
  }

  private List<ExecutionRow> query(String sql, List<Object> args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        statement.setObject(i + 1, args.get(i));
      }
      List<ExecutionRow> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(read(result));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new CarillonException("execution listing: " + e.getMessage(), e);
    }
  }

  private static ExecutionRow read(ResultSet rows) throws SQLException {
    long duration = rows.getLong("duration_ms");
    Long durationMs = rows.wasNull() ? null : duration;
    return new ExecutionRow(
        rows.getLong("seq"),
        rows.getString("id"),
        rows.getString("job_group"),
        rows.getString("job_name"),
        rows.getString("node_id"),
        instant(rows, "scheduled_at"),
        instant(rows, "started_at"),
        instant(rows, "finished_at"),
        durationMs,
        rows.getString("status"),
        rows.getString("trigger_kind"),
        rows.getInt("attempt"),
        rows.getString("error"),
        rows.getString("result"),
        rows.getBoolean("output_truncated"),
        instant(rows, "interrupt_requested_at"));
  }

  static Instant instant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
