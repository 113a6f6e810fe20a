package io.carillon.server.db;

import io.carillon.server.common.ConflictException;
import io.carillon.server.common.JobId;
import io.carillon.server.common.StoredJob;
import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_job} and {@code carillon_job_label}, within one cluster (sched_name).
 * Writes take a {@code alongside} action — the matching Quartz write — that runs inside the same
 * transaction after the row changed: the row lock orders writers of one job across nodes, and a
 * failed Quartz write rolls the row back.
 */
public final class JobDao {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "job_group, job_name, type, description, definition, schedule_kind, enabled, version,"
          + " source, created_at, updated_at, incarnation, calendar";
  private static final String KEY = " WHERE sched_name = ? AND job_group = ? AND job_name = ?";

  private final Transactions transactions;
  private final String cluster;

  public JobDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "job store");
    this.cluster = cluster;
  }

  /**
   * Inserts a new job and its dependency edges, then runs {@code alongside}; a job with the same
   * key is a conflict.
   */
  public void insert(StoredJob job, List<DependencyDao.Edge> after, Runnable alongside) {
    String sql =
        "INSERT INTO carillon_job (sched_name, "
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    inTransaction(
        connection -> {
          try {
            Transactions.update(
                connection,
                sql,
                cluster,
                job.group(),
                job.name(),
                job.type(),
                job.description(),
                job.definitionJson(),
                job.scheduleKind(),
                job.enabled(),
                job.version(),
                job.source(),
                utc(job.createdAt()),
                utc(job.updatedAt()),
                job.incarnation(),
                job.calendar());
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw new ConflictException(
                  "job " + job.group() + "/" + job.name() + " already exists");
            }
            throw e;
          }
          insertLabels(connection, job);
          DependencyDao.insert(
              connection, cluster, job.group(), job.name(), after, job.updatedAt());
          JobRevisionDao.write(connection, cluster, job);
          alongside.run();
          return null;
        });
  }

  /**
   * Replaces a job's row (and its dependency edges) if its stored version is {@code
   * expectedVersion}, then runs {@code alongside}; false (and nothing done) when the version is not
   * the stored one.
   */
  public boolean replace(
      StoredJob job, List<DependencyDao.Edge> after, long expectedVersion, Runnable alongside) {
    String sql =
        "UPDATE carillon_job SET type = ?, description = ?, definition = ?, schedule_kind = ?,"
            + " enabled = ?, version = ?, source = ?, updated_at = ?, calendar = ?"
            + KEY
            + " AND version = ?";
    return inTransaction(
        connection -> {
          int changed =
              Transactions.update(
                  connection,
                  sql,
                  job.type(),
                  job.description(),
                  job.definitionJson(),
                  job.scheduleKind(),
                  job.enabled(),
                  job.version(),
                  job.source(),
                  utc(job.updatedAt()),
                  job.calendar(),
                  cluster,
                  job.group(),
                  job.name(),
                  expectedVersion);
          if (changed == 0) {
            return false;
          }
          Transactions.update(
              connection, "DELETE FROM carillon_job_label" + KEY, cluster, job.group(), job.name());
          insertLabels(connection, job);
          DependencyDao.write(connection, cluster, job.group(), job.name(), after, job.updatedAt());
          JobRevisionDao.write(connection, cluster, job);
          alongside.run();
          return true;
        });
  }

  /** Sets a job's enabled flag (a new version), then runs {@code alongside}; false if no job. */
  public boolean setEnabled(
      String group, String name, boolean enabled, Instant now, Runnable alongside) {
    String sql = "UPDATE carillon_job SET enabled = ?, version = version + 1, updated_at = ?" + KEY;
    return inTransaction(
        connection -> {
          if (Transactions.update(connection, sql, enabled, utc(now), cluster, group, name) == 0) {
            return false;
          }
          alongside.run();
          return true;
        });
  }

  /**
   * Deletes a job's row (its labels go with it) if it is at {@code expectedVersion} (null: any),
   * then runs {@code alongside}; false (and nothing done) if no such job at that version.
   */
  public boolean delete(String group, String name, Long expectedVersion, Runnable alongside) {
    return inTransaction(
        connection -> {
          int deleted =
              expectedVersion == null
                  ? Transactions.update(
                      connection, "DELETE FROM carillon_job" + KEY, cluster, group, name)
                  : Transactions.update(
                      connection,
                      "DELETE FROM carillon_job" + KEY + " AND version = ?",
                      cluster,
                      group,
                      name,
                      expectedVersion);
          if (deleted == 0) {
            return false;
          }
          DependencyDao.delete(connection, cluster, group, name);
          alongside.run();
          return true;
        });
  }

  public Optional<StoredJob> find(String group, String name) {
    return inTransaction(
        connection -> {
          List<StoredJob> rows =
              query(
                  connection,
                  "SELECT " + COLUMNS + " FROM carillon_job" + KEY,
                  row -> read(row, Map.of()),
                  cluster,
                  group,
                  name);
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          StoredJob job = rows.get(0);
          return Optional.of(job.withLabels(labels(connection, group, name)));
        });
  }

  /**
   * The keys of the jobs whose definition names calendar {@code calendar}, at most {@code limit}.
   */
  public List<JobId> idsNamingCalendar(String calendar, int limit) {
    String sql =
        "SELECT job_group, job_name FROM carillon_job WHERE sched_name = ? AND calendar = ?"
            + " ORDER BY job_group, job_name LIMIT ?";
    return ids(sql, cluster, calendar, limit);
  }

  /** The keys of every job that came from the given source ("api" or "config"). */
  public List<JobId> idsFrom(String source) {
    String sql =
        "SELECT job_group, job_name FROM carillon_job WHERE sched_name = ? AND source = ?"
            + " ORDER BY job_group, job_name";
    return ids(sql, cluster, source);
  }

  /** Job keys read by {@code sql}, whose first two columns are a job's group and name. */
  private List<JobId> ids(String sql, Object... args) {
    return inTransaction(
        connection ->
            query(connection, sql, row -> new JobId(row.getString(1), row.getString(2)), args));
  }

  /** The names of the jobs in a group, in order. */
  public List<String> names(String group) {
    String sql =
        "SELECT job_name FROM carillon_job WHERE sched_name = ? AND job_group = ?"
            + " ORDER BY job_name";
    return inTransaction(
        connection -> query(connection, sql, row -> row.getString(1), cluster, group));
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
        rows.getObject("updated_at", OffsetDateTime.class).toInstant(),
        rows.getString("incarnation"),
        rows.getString("calendar"));
  }

  private Map<String, String> labels(Connection connection, String group, String name)
      throws SQLException {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String[] label :
        query(
            connection,
            "SELECT label_key, label_value FROM carillon_job_label" + KEY + " ORDER BY label_key",
            row -> new String[] {row.getString(1), row.getString(2)},
            cluster,
            group,
            name)) {
      labels.put(label[0], label[1]);
    }
    return labels;
  }

  private void insertLabels(Connection connection, StoredJob job) throws SQLException {
    String sql =
        "INSERT INTO carillon_job_label"
            + " (sched_name, job_group, job_name, label_key, label_value) VALUES (?, ?, ?, ?, ?)";
    for (Map.Entry<String, String> label : job.labels().entrySet()) {
      Transactions.update(
          connection, sql, cluster, job.group(), job.name(), label.getKey(), label.getValue());
    }
  }

  /** Reads one value from the current row. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... args)
      throws SQLException {
    try (PreparedStatement statement = Transactions.bind(connection.prepareStatement(sql), args);
        ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(reader.read(rows));
      }
      return result;
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private <T> T inTransaction(Transactions.Work<T> work) {
    return transactions.run(work);
  }
}
