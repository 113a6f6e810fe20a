package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.JobId;
import io.carillon.server.jdbc.Transactions;
import io.carillon.server.quartz.schema.StoredSchedule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_job_expect}, the late-job check's state per job, and the two history
 * probes it needs (a job's newest start and newest success). Lateness is set and cleared only by
 * conditional updates, so that of several nodes checking at once exactly one sees each change.
 */
public final class ExpectationDao {
  private static final String KEY = " WHERE sched_name = ? AND job_group = ? AND job_name = ?";
  private static final String JOB_COLUMNS =
      "j.job_group, j.job_name, j.version, j.incarnation, j.definition, j.enabled, j.created_at,"
          + " j.updated_at, j.last_started_at AS job_started, j.last_finished_at AS job_finished,"
          + " j.last_status, "
          + StoredSchedule.COLUMNS;
  private static final String JOIN =
      " FROM carillon_job j LEFT JOIN carillon_job_expect e ON e.sched_name = j.sched_name"
          + " AND e.job_group = j.job_group AND e.job_name = j.job_name"
          + StoredSchedule.JOINS;
  private static final String EXPECT_COLUMNS =
      "e.job_version, e.incarnation AS e_incarnation, e.last_started_at, e.last_success_at,"
          + " e.expected_at, e.start_deadline, e.success_deadline, e.late_since, e.late_reason";

  private final DataSource dataSource;
  private final String cluster;
  private final ExpectationSaves saves;

  /** Single-key advisory lock of the late-job check, beside {@link ClusterLock}'s: "Clat". */
  private static final long CHECK_TURN = 1131176308L;

  /**
   * Runs {@code check} if no other node is running one: on PostgreSQL under a session advisory lock
   * it only tries for (the others skip their round); on H2, a single node, always. Every node's
   * check would otherwise redo the same work, one pass over every job that ran, per node. Returns
   * whether it ran.
   */
  public boolean inTurn(Runnable check) {
    try (Connection connection = dataSource.getConnection()) {
      boolean postgres = connection.getMetaData().getURL().startsWith("jdbc:postgresql:");
      if (postgres && !advisory(connection, "pg_try_advisory_lock")) {
        return false;
      }
      try {
        check.run();
      } finally {
        if (postgres) {
          advisory(connection, "pg_advisory_unlock");
        }
      }
      return true;
    } catch (SQLException e) {
      throw new CarillonException("cannot take the late-job check's turn: " + e.getMessage(), e);
    }
  }

  private static boolean advisory(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT " + function + "(" + CHECK_TURN + ")");
        ResultSet rs = statement.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  public ExpectationDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
    this.saves = new ExpectationSaves(dataSource, cluster);
  }

  /**
   * A job as the check sees it, with what was last worked out for it (null fields: nothing); {@code
   * schedule}: its schedule trigger (null: none), read in the same snapshot as the job's row (the
   * trigger of a job's version commits before the row does).
   */
  public record Row(
      JobId job,
      long version,
      String incarnation,
      String definitionJson,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt,
      Instant jobLastStartedAt,
      Instant jobLastFinishedAt,
      String jobLastStatus,
      StoredSchedule schedule,
      boolean known,
      Instant lastStartedAt,
      Instant lastSuccessAt,
      Instant expectedAt,
      Instant startDeadline,
      Instant successDeadline,
      Instant lateSince,
      String lateReason) {}

  /** What the check works out for a job: it replaces the row's non-late columns. */
  public record Worked(
      JobId job,
      long version,
      String incarnation,
      Instant seenFinishedAt,
      Instant lastStartedAt,
      Instant lastSuccessAt,
      Instant expectedAt,
      Instant startDeadline,
      Instant successDeadline) {}

  /** Jobs with no row yet, or changed, or with a run finished since their row was worked out. */
  public List<Row> stale(int limit) {
    String sql =
        "SELECT "
            + JOB_COLUMNS
            + ", "
            + EXPECT_COLUMNS
            + ", e.job_name AS e_name"
            + JOIN
            + " WHERE j.sched_name = ? AND (e.job_name IS NULL OR e.job_version <> j.version"
            + " OR e.incarnation <> j.incarnation OR (j.last_finished_at IS NOT NULL"
            + " AND (e.seen_finished_at IS NULL OR e.seen_finished_at < j.last_finished_at)))"
            + " ORDER BY j.job_group, j.job_name LIMIT ?";
    return rows(sql, cluster, limit);
  }

  /** Jobs whose start or success deadline has come, and jobs that are late now. */
  public List<Row> due(Instant now, int limit) {
    String sql =
        "SELECT "
            + JOB_COLUMNS
            + ", "
            + EXPECT_COLUMNS
            + ", e.job_name AS e_name"
            + " FROM carillon_job_expect e JOIN carillon_job j ON j.sched_name = e.sched_name"
            + " AND j.job_group = e.job_group AND j.job_name = e.job_name"
            + StoredSchedule.JOINS
            + " WHERE e.sched_name = ? AND (e.start_deadline <= ? OR e.success_deadline <= ?"
            + " OR e.late_since IS NOT NULL) ORDER BY e.job_group, e.job_name LIMIT ?";
    return rows(sql, cluster, Transactions.utc(now), Transactions.utc(now), limit);
  }

  /**
   * Stores what was worked out for a job (its lateness is left as it is); a null {@code
   * seenFinishedAt} keeps the stored one.
   */
  public void save(Worked worked) {
    saves.save(worked);
  }

  /**
   * {@link #save} for many, batched: {@code known}, rows that exist (a {@link Row#known()} job);
   * {@code fresh}, rows to insert.
   */
  public void saveAll(List<Worked> known, List<Worked> fresh) {
    saves.saveAll(known, fresh);
  }

  /** Marks a job late unless it already is; true on the one call that made it so. */
  public boolean markLate(JobId job, Instant since, String reason) {
    return change(
        "UPDATE carillon_job_expect SET late_since = ?, late_reason = ?, episodes = episodes + 1"
            + KEY
            + " AND late_since IS NULL",
        Transactions.utc(since),
        reason,
        cluster,
        job.group(),
        job.name());
  }

  /** A late job's reason as it stands now (the episode goes on). */
  public void updateReason(JobId job, String reason) {
    change(
        "UPDATE carillon_job_expect SET late_reason = ?" + KEY + " AND late_since IS NOT NULL",
        reason,
        cluster,
        job.group(),
        job.name());
  }

  /** Ends a job's late episode; true on the one call that ended it. */
  public boolean clearLate(JobId job) {
    return change(
        "UPDATE carillon_job_expect SET late_since = NULL, late_reason = NULL"
            + KEY
            + " AND late_since IS NOT NULL",
        cluster,
        job.group(),
        job.name());
  }

  /** The newest start of a job's incarnation, from the history (running runs included). */
  public Optional<Instant> newestStart(JobId job, String incarnation) {
    return newest(job, incarnation, "started_at", "");
  }

  /** The end of the newest successful run of a job's incarnation. */
  public Optional<Instant> newestSuccess(JobId job, String incarnation) {
    return newest(job, incarnation, "finished_at", " AND status = 'SUCCEEDED'");
  }

  private Optional<Instant> newest(JobId job, String incarnation, String column, String filter) {
    // Newest first along ix_execution_job; runs recorded before incarnations count for any.
    String sql =
        "SELECT "
            + column
            + " FROM carillon_execution WHERE job_group = ? AND job_name = ?"
            + " AND (job_incarnation = ? OR job_incarnation IS NULL)"
            + filter
            + " ORDER BY seq DESC LIMIT 1";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, job.group());
      statement.setString(2, job.name());
      statement.setString(3, incarnation);
      try (ResultSet result = statement.executeQuery()) {
        return result.next()
            ? Optional.ofNullable(Transactions.instant(result, column))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Row> rows(String sql, Object... args) {
    List<Row> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = Transactions.bind(connection.prepareStatement(sql), args);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        rows.add(
            new Row(
                new JobId(result.getString("job_group"), result.getString("job_name")),
                result.getLong("version"),
                result.getString("incarnation"),
                result.getString("definition"),
                result.getBoolean("enabled"),
                Transactions.instant(result, "created_at"),
                Transactions.instant(result, "updated_at"),
                Transactions.instant(result, "job_started"),
                Transactions.instant(result, "job_finished"),
                result.getString("last_status"),
                StoredSchedule.of(result),
                result.getString("e_name") != null
                    && result.getString("incarnation").equals(result.getString("e_incarnation")),
                Transactions.instant(result, "last_started_at"),
                Transactions.instant(result, "last_success_at"),
                Transactions.instant(result, "expected_at"),
                Transactions.instant(result, "start_deadline"),
                Transactions.instant(result, "success_deadline"),
                Transactions.instant(result, "late_since"),
                result.getString("late_reason")));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return rows;
  }

  private boolean change(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.update(connection, sql, args) == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static CarillonException failure(SQLException e) {
    return new CarillonException("late-job check: " + e.getMessage(), e);
  }
}
