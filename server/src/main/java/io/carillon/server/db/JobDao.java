package io.carillon.server.db;

import io.carillon.server.core.CarillonException;
import io.carillon.server.core.ConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** SQL for {@code carillon_job} and {@code carillon_job_label}, within one cluster (sched_name). */
public final class JobDao {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "job_group, job_name, type, description, definition, schedule_kind, enabled, version,"
          + " source, created_at, updated_at";

  private final DataSource dataSource;
  private final String cluster;

  public JobDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
  }

  /**
   * Inserts a new job, then runs {@code alongside} (the matching Quartz write) before committing,
   * so both happen or neither; a job with the same key is a {@link ConflictException}.
   */
  public void insert(StoredJob job, Runnable alongside) {
    String sql =
        "INSERT INTO carillon_job (sched_name, "
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            bind(statement, 2, job);
            statement.executeUpdate();
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw new ConflictException(
                  "job " + job.group() + "/" + job.name() + " already exists");
            }
            throw e;
          }
          insertLabels(connection, job);
          alongside.run();
          return null;
        });
  }

  /**
   * Replaces a job's row if its stored version is {@code expectedVersion}, then runs {@code
   * alongside} before committing; false (and nothing done) when the version is not the stored one.
   * The update holds the row lock until commit, so writers of one job on any node take turns.
   */
  public boolean replace(StoredJob job, long expectedVersion, Runnable alongside) {
    String sql =
        "UPDATE carillon_job SET type = ?, description = ?, definition = ?, schedule_kind = ?,"
            + " enabled = ?, version = ?, source = ?, updated_at = ?"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ? AND version = ?";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, job.type());
            statement.setString(2, job.description());
            statement.setString(3, job.definitionJson());
            statement.setString(4, job.scheduleKind());
            statement.setBoolean(5, job.enabled());
            statement.setLong(6, job.version());
            statement.setString(7, job.source());
            statement.setObject(8, OffsetDateTime.ofInstant(job.updatedAt(), ZoneOffset.UTC));
            statement.setString(9, cluster);
            statement.setString(10, job.group());
            statement.setString(11, job.name());
            statement.setLong(12, expectedVersion);
            if (statement.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "DELETE FROM carillon_job_label"
                      + " WHERE sched_name = ? AND job_group = ? AND job_name = ?")) {
            statement.setString(1, cluster);
            statement.setString(2, job.group());
            statement.setString(3, job.name());
            statement.executeUpdate();
          }
          insertLabels(connection, job);
          alongside.run();
          return true;
        });
  }

  /**
   * Sets a job's enabled flag (a new version), then runs {@code alongside}; false if no such job.
   */
  public boolean setEnabled(
      String group, String name, boolean enabled, java.time.Instant now, Runnable alongside) {
    String sql =
        "UPDATE carillon_job SET enabled = ?, version = version + 1, updated_at = ?"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ?";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBoolean(1, enabled);
            statement.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.setString(3, cluster);
            statement.setString(4, group);
            statement.setString(5, name);
            if (statement.executeUpdate() == 0) {
              return false;
            }
          }
          alongside.run();
          return true;
        });
  }

  /** The keys of every job that came from the given source ("api" or "config"). */
  public java.util.List<JobId> idsFrom(String source) {
    String sql =
        "SELECT job_group, job_name FROM carillon_job WHERE sched_name = ? AND source = ?"
            + " ORDER BY job_group, job_name";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, source);
            java.util.List<JobId> ids = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                ids.add(new JobId(rows.getString(1), rows.getString(2)));
              }
            }
            return ids;
          }
        });
  }

  /** The names of the jobs in a group, in order. */
  public java.util.List<String> names(String group) {
    String sql =
        "SELECT job_name FROM carillon_job WHERE sched_name = ? AND job_group = ?"
            + " ORDER BY job_name";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, group);
            java.util.List<String> names = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                names.add(rows.getString(1));
              }
            }
            return names;
          }
        });
  }

  public Optional<StoredJob> find(String group, String name) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM carillon_job"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ?";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, group);
            statement.setString(3, name);
            try (ResultSet rows = statement.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              return Optional.of(read(rows, labels(connection, group, name)));
            }
          }
        });
  }

  /** Deletes a job's row and runs {@code alongside} before committing; false if no such job. */
  public boolean delete(String group, String name, Runnable alongside) {
    String sql = "DELETE FROM carillon_job WHERE sched_name = ? AND job_group = ? AND job_name = ?";
    return inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, group);
            statement.setString(3, name);
            if (statement.executeUpdate() == 0) {
              return false;
            }
          }
          alongside.run();
          return true;
        });
  }

  static StoredJob read(ResultSet rows, Map<String, String> labels) throws SQLException {
    return new StoredJob(
        rows.getString("job_group"),
        rows.getString("job_name"),
        rows.getString("type"),
        rows.getString("description"),
        rows.getString("definition"),
        rows.getString("schedule_kind"),
        rows.getBoolean("enabled"),
        rows.getLong("version"),
        rows.getString("source"),
        labels,
        rows.getObject("created_at", OffsetDateTime.class).toInstant(),
        rows.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private Map<String, String> labels(Connection connection, String group, String name)
      throws SQLException {
    String sql =
        "SELECT label_key, label_value FROM carillon_job_label"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ? ORDER BY label_key";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.setString(2, group);
      statement.setString(3, name);
      Map<String, String> labels = new LinkedHashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          labels.put(rows.getString(1), rows.getString(2));
        }
      }
      return labels;
    }
  }

  private void insertLabels(Connection connection, StoredJob job) throws SQLException {
    if (job.labels().isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO carillon_job_label"
            + " (sched_name, job_group, job_name, label_key, label_value) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Map.Entry<String, String> label : job.labels().entrySet()) {
        statement.setString(1, cluster);
        statement.setString(2, job.group());
        statement.setString(3, job.name());
        statement.setString(4, label.getKey());
        statement.setString(5, label.getValue());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, int first, StoredJob job)
      throws SQLException {
    int i = first;
    statement.setString(i++, job.group());
    statement.setString(i++, job.name());
    statement.setString(i++, job.type());
    statement.setString(i++, job.description());
    statement.setString(i++, job.definitionJson());
    statement.setString(i++, job.scheduleKind());
    statement.setBoolean(i++, job.enabled());
    statement.setLong(i++, job.version());
    statement.setString(i++, job.source());
    statement.setObject(i++, OffsetDateTime.ofInstant(job.createdAt(), ZoneOffset.UTC));
    statement.setObject(i, OffsetDateTime.ofInstant(job.updatedAt(), ZoneOffset.UTC));
  }

  /** Work on one connection in one transaction: committed if it returns, rolled back if not. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new CarillonException("job store: " + e.getMessage(), e);
    }
  }
}
