package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobKeyCursor;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.JobStats;
import io.carillon.server.common.StoredJob;
import io.carillon.server.jdbc.Transactions;
import io.carillon.server.quartz.schema.JobInQuartz;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads jobs for the API with one SQL query over {@code carillon_job} and Quartz's trigger tables,
 * paged by key (group, name) so a page costs the same at job 10 and at job 100,000.
 */
public final class JobListDao {
  /**
   * The SQL expression for the state of the job row {@code j} and its schedule trigger {@code t}
   * (see {@link JobInQuartz}). Running anywhere in the cluster (an EXECUTING fired-trigger row)
   * wins; then paused; then the trigger's own state. A job with no trigger left has completed its
   * schedule, or never had one (on demand only), which counts as scheduled: it is ready to run when
   * asked.
   */
  private static final String STATE_SQL =
      "CASE"
          + " WHEN "
          + JobInQuartz.EXECUTING
          + " THEN 'RUNNING'"
          + " WHEN NOT j.enabled THEN 'PAUSED'"
          + " WHEN t.trigger_state IS NULL AND j.schedule_kind IS NOT NULL THEN 'COMPLETED'"
          + " WHEN t.trigger_state IS NULL THEN 'SCHEDULED'"
          + " WHEN t.trigger_state IN ('PAUSED', 'PAUSED_BLOCKED') THEN 'PAUSED'"
          + " WHEN t.trigger_state = 'BLOCKED' THEN 'BLOCKED'"
          + " WHEN t.trigger_state = 'ERROR' THEN 'ERROR'"
          + " WHEN t.trigger_state = 'COMPLETE' THEN 'COMPLETED'"
          + " ELSE 'SCHEDULED' END";

  private final DataSource dataSource;
  private final Transactions listing;
  private final String cluster;

  public JobListDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.listing = new Transactions(dataSource, "job listing");
    this.cluster = cluster;
  }

  /**
   * Up to {@code limit} jobs matching the filter, after the key {@code after} (null: from start).
   */
  public List<JobRow> page(JobFilter filter, JobKeyCursor after, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder("j.sched_name = ?");
    args.add(cluster);
    if (filter.group() != null) {
      where.append(" AND j.job_group = ?");
      args.add(filter.group());
    }
    if (filter.type() != null) {
      where.append(" AND j.type = ?");
      args.add(filter.type());
    }
    if (filter.text() != null && !filter.text().isBlank()) {
      where.append(" AND (LOWER(j.job_name) LIKE ? OR LOWER(COALESCE(j.description, '')) LIKE ?)");
      String like = "%" + escapeLike(filter.text().toLowerCase(Locale.ROOT)) + "%";
      args.add(like);
      args.add(like);
    }
    for (Map.Entry<String, String> label : filter.labels().entrySet()) {
      where.append(
          " AND EXISTS (SELECT 1 FROM carillon_job_label l WHERE l.sched_name = j.sched_name"
              + " AND l.job_group = j.job_group AND l.job_name = j.job_name"
              + " AND l.label_key = ? AND l.label_value = ?)");
      args.add(label.getKey());
      args.add(label.getValue());
    }
    if (filter.calendar() != null) {
      where.append(" AND j.calendar = ?");
      args.add(filter.calendar());
    }
    if (filter.late() != null) {
      where.append(filter.late() ? " AND le.late_since IS NOT NULL" : " AND le.late_since IS NULL");
    }
    if (after != null) {
      // A row-value comparison, not "a > ? OR (a = ? AND b > ?)": only this form lets the
      // primary-key index start the scan at the cursor instead of filtering every earlier row.
      where.append(" AND (j.job_group, j.job_name) > (?, ?)");
      args.add(after.group());
      args.add(after.name());
    }
    StringBuilder sql =
        new StringBuilder("SELECT * FROM (")
            .append(select())
            .append(" WHERE ")
            .append(where)
            .append(") x");
    if (filter.state() != null) {
      sql.append(" WHERE x.state = ?");
      args.add(filter.state().name());
    }
    sql.append(" ORDER BY x.job_group, x.job_name LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args);
  }

  public Optional<JobRow> find(String group, String name) {
    String sql = select() + " WHERE j.sched_name = ? AND j.job_group = ? AND j.job_name = ?";
    return query(sql, List.of(cluster, group, name)).stream().findFirst();
  }

  /** How many of the cluster's jobs stand in each state; every state present, zero or not. */
  public Map<JobState, Long> countByState() {
    String sql =
        "SELECT x.state, COUNT(*) FROM ("
            + select()
            + " WHERE j.sched_name = ?) x GROUP BY x.state";
    Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0L);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          counts.put(JobState.valueOf(result.getString(1)), result.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new CarillonException("cannot count jobs by state: " + e.getMessage(), e);
    }
    return counts;
  }

  private static String select() {
    return "SELECT j.*, t.next_fire_time, t.prev_fire_time, le.late_since, le.late_reason,"
        + " le.last_success_at AS expect_success_at, "
        + pauseColumns("pj")
        + pauseColumns("pg")
        + pauseColumns("pc")
        + STATE_SQL
        + " AS state FROM carillon_job j"
        + JobInQuartz.SCHEDULE_TRIGGER
        + " LEFT JOIN carillon_job_expect le ON le.sched_name = j.sched_name"
        + " AND le.job_group = j.job_group AND le.job_name = j.job_name"
        + " LEFT JOIN carillon_pause pj ON pj.sched_name = j.sched_name AND pj.scope = 'job'"
        + " AND pj.job_group = j.job_group AND pj.job_name = j.job_name"
        + " LEFT JOIN carillon_pause pg ON pg.sched_name = j.sched_name AND pg.scope = 'group'"
        + " AND pg.job_group = j.job_group AND pg.job_name = ''"
        + " LEFT JOIN carillon_pause pc ON pc.sched_name = j.sched_name AND pc.scope = 'cluster'"
        + " AND pc.job_group = '' AND pc.job_name = ''";
  }

  private static String pauseColumns(String alias) {
    StringBuilder columns = new StringBuilder();
    for (String column :
        List.of("scope", "job_group", "job_name", "reason", "paused_at", "paused_by", "until")) {
      columns.append(alias).append('.').append(column).append(" AS ");
      columns.append(alias).append('_').append(column).append(", ");
    }
    return columns.toString();
  }

  // Joins the transaction of a change in progress on this thread: its audit entry shows the job
  // as the change leaves it, before anyone else can see it.
  private List<JobRow> query(String sql, List<Object> args) {
    return listing.joining(
        connection -> {
          List<Map.Entry<StoredJob, JobRowFields>> rows = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
              statement.setObject(i + 1, args.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
              while (result.next()) {
                rows.add(Map.entry(JobDao.read(result, Map.of()), JobRowFields.of(result)));
              }
            }
          }
          Map<String, Map<String, String>> labels = labels(connection, rows);
          Map<String, String> errors = lastErrors(connection, rows);
          return rows.stream()
              .map(
                  row -> {
                    StoredJob job = row.getKey();
                    JobRowFields fields = row.getValue();
                    return new JobRow(
                        job.withLabels(labels.getOrDefault(key(job.group(), job.name()), Map.of())),
                        fields.state(),
                        fields.next(),
                        fields.previous(),
                        fields.stats().withLastError(errors.get(fields.stats().lastExecutionId())),
                        fields.lateSince(),
                        fields.lateReason(),
                        fields.lastSuccessAt(),
                        fields.pause(job.enabled()));
                  })
              .toList();
        });
  }

  /**
   * The error text (its start) of each job's last run where that run did not succeed, by execution
   * id, in one query: only the page's jobs, by the execution table's unique id.
   */
  private static Map<String, String> lastErrors(
      Connection connection, List<Map.Entry<StoredJob, JobRowFields>> rows) throws SQLException {
    List<String> ids =
        rows.stream()
            .map(row -> row.getValue().stats())
            .filter(stats -> stats.lastExecutionId() != null)
            .filter(stats -> !"SUCCEEDED".equals(stats.lastStatus()))
            .map(JobStats::lastExecutionId)
            .distinct()
            .toList();
    Map<String, String> errors = new HashMap<>();
    if (ids.isEmpty()) {
      return errors;
    }
    String sql =
        "SELECT id, SUBSTRING(error FROM 1 FOR "
            + JobStats.ERROR_CHARS
            + ") FROM carillon_execution WHERE error IS NOT NULL AND id IN ("
            + String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))
            + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < ids.size(); i++) {
        statement.setString(i + 1, ids.get(i));
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          errors.put(result.getString(1), result.getString(2));
        }
      }
    }
    return errors;
  }

  /** The labels of every job on the page, in one query. */
  private Map<String, Map<String, String>> labels(
      Connection connection, List<Map.Entry<StoredJob, JobRowFields>> rows) throws SQLException {
    Map<String, Map<String, String>> labels = new HashMap<>();
    if (rows.isEmpty()) {
      return labels;
    }
    String pairs = String.join(", ", java.util.Collections.nCopies(rows.size(), "(?, ?)"));
    String sql =
        "SELECT job_group, job_name, label_key, label_value FROM carillon_job_label"
            + " WHERE sched_name = ? AND (job_group, job_name) IN ("
            + pairs
            + ") ORDER BY label_key";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      statement.setString(i++, cluster);
      for (Map.Entry<StoredJob, JobRowFields> row : rows) {
        statement.setString(i++, row.getKey().group());
        statement.setString(i++, row.getKey().name());
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          labels
              .computeIfAbsent(
                  key(result.getString(1), result.getString(2)), k -> new LinkedHashMap<>())
              .put(result.getString(3), result.getString(4));
        }
      }
    }
    return labels;
  }

  private static String key(String group, String name) {
    return group + '\u0000' + name;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
