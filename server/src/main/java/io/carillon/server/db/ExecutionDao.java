package io.carillon.server.db;

import io.carillon.server.core.CarillonException;
import io.carillon.server.core.ExecutionStatus;
import io.carillon.server.core.TriggerKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes to {@code carillon_execution}: one row per run, on whichever node ran it, and the per-job
 * counters on {@code carillon_job} that a finished run moves on.
 */
public final class ExecutionDao {
  /**
   * The incarnation of the job (sched_name, group, name) a run starts under, read as the run is
   * recorded; {@code gone} when the job no longer exists, so that no later job of that name counts
   * the run as its own. See V9__job_incarnation.sql.
   */
  private static final String CURRENT_INCARNATION =
      "COALESCE((SELECT j.incarnation FROM carillon_job j WHERE j.sched_name = ?"
          + " AND j.job_group = ? AND j.job_name = ?), 'gone')";

  private final DataSource dataSource;
  private final String cluster;

  public ExecutionDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
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
      Instant startedAt,
      TriggerKind trigger,
      int attempt) {}

  public void started(Start start) {
    insert(start, ExecutionStatus.RUNNING, null, null);
  }

  /** A fire that did not run (overlap skip, misfire): recorded as finished at once. */
  public void skipped(Start start, String reason) {
    insert(start, ExecutionStatus.SKIPPED, start.startedAt(), reason);
  }

  private void insert(Start start, ExecutionStatus status, Instant finishedAt, String error) {
    String sql =
        "INSERT INTO carillon_execution (id, fire_id, job_group, job_name, node_id, scheduled_at,"
            + " started_at, status, trigger_kind, attempt, finished_at, duration_ms, error,"
            + " job_incarnation)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + CURRENT_INCARNATION
            + ")";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, start.id());
      statement.setString(2, start.fireId());
      statement.setString(3, start.jobGroup());
      statement.setString(4, start.jobName());
      statement.setString(5, start.nodeId());
      setInstant(statement, 6, start.scheduledAt());
      setInstant(statement, 7, start.startedAt());
      statement.setString(8, status.name());
      statement.setString(9, start.trigger().json());
      statement.setInt(10, start.attempt());
      setInstant(statement, 11, finishedAt);
      if (finishedAt == null) {
        statement.setNull(12, Types.BIGINT);
      } else {
        statement.setLong(12, 0);
      }
      statement.setString(13, error);
      statement.setString(14, cluster);
      statement.setString(15, start.jobGroup());
      statement.setString(16, start.jobName());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new CarillonException("could not record run " + start.fireId(), e);
    }
  }

  /**
   * The end of a run: when, how long it took, how it ended, what it produced; {@code finalFailure}
   * when it failed with no retry left.
   */
  public record Finish(
      String id,
      String fireId,
      String jobGroup,
      String jobName,
      Instant startedAt,
      Instant finishedAt,
      long durationMs,
      ExecutionStatus status,
      String error,
      String resultJson,
      String output,
      boolean outputTruncated,
      boolean finalFailure) {}

  /**
   * Records the end of a run and moves the job's counters on, in one transaction. Returns whether
   * the job was failing (its last run chain ended in a final failure) before this run.
   */
  public boolean finished(Finish finish) {
    String execution =
        "UPDATE carillon_execution SET finished_at = ?, duration_ms = ?, status = ?, error = ?,"
            + " result = ?, output = ?, output_truncated = ? WHERE fire_id = ?";
    String counters =
        "UPDATE carillon_job SET executions = executions + 1, failures = failures + ?,"
            + " last_execution_id = ?, last_status = ?, last_started_at = ?,"
            + " last_finished_at = ?, last_duration_ms = ?, failing = ?"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ?"
            // Only the job the run started under: not a job created since under the same name.
            + " AND incarnation = COALESCE((SELECT e.job_incarnation FROM carillon_execution e"
            + " WHERE e.fire_id = ?), incarnation)";
    String failing =
        "SELECT failing FROM carillon_job"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ? FOR UPDATE";
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      boolean wasFailing = false;
      // Locked so that two nodes finishing runs of one job at once see each other's outcome.
      try (PreparedStatement statement = connection.prepareStatement(failing)) {
        statement.setString(1, cluster);
        statement.setString(2, finish.jobGroup());
        statement.setString(3, finish.jobName());
        try (ResultSet rows = statement.executeQuery()) {
          wasFailing = rows.next() && rows.getBoolean(1);
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(execution)) {
        setInstant(statement, 1, finish.finishedAt());
        statement.setLong(2, finish.durationMs());
        statement.setString(3, finish.status().name());
        statement.setString(4, finish.error());
        statement.setString(5, finish.resultJson());
        statement.setString(6, finish.output());
        statement.setBoolean(7, finish.outputTruncated());
        statement.setString(8, finish.fireId());
        statement.executeUpdate();
      }
      try (PreparedStatement statement = connection.prepareStatement(counters)) {
        statement.setInt(1, finish.status().isFailure() ? 1 : 0);
        statement.setString(2, finish.id());
        statement.setString(3, finish.status().name());
        setInstant(statement, 4, finish.startedAt());
        setInstant(statement, 5, finish.finishedAt());
        statement.setLong(6, finish.durationMs());
        statement.setBoolean(7, stillFailing(finish, wasFailing));
        statement.setString(8, cluster);
        statement.setString(9, finish.jobGroup());
        statement.setString(10, finish.jobName());
        statement.setString(11, finish.fireId());
        statement.executeUpdate();
      }
      connection.commit();
      return wasFailing;
    } catch (SQLException e) {
      throw new CarillonException("could not record the end of run " + finish.fireId(), e);
    }
  }

  /** A final failure starts a failing spell, a success ends it; anything else leaves it be. */
  private static boolean stillFailing(Finish finish, boolean wasFailing) {
    if (finish.finalFailure()) {
      return true;
    }
    return wasFailing && finish.status() != ExecutionStatus.SUCCEEDED;
  }

  /** Counts a misfire against the job. */
  public void misfired(String group, String name) {
    update(
        "UPDATE carillon_job SET misfires = misfires + 1"
            + " WHERE sched_name = ? AND job_group = ? AND job_name = ?",
        cluster,
        group,
        name);
  }

  /** The job's type, for labelling what happened to it (null: the job is gone). */
  public String jobType(String group, String name) {
    String sql =
        "SELECT type FROM carillon_job WHERE sched_name = ? AND job_group = ? AND job_name = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.setString(2, group);
      statement.setString(3, name);
      try (java.sql.ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new CarillonException("execution store: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the job runs anywhere in the cluster under a fire older than {@code fireId} (ties
   * broken by fire id), so that of two fires racing exactly one goes ahead. Reads Quartz's fired
   * triggers, which its cluster recovery cleans when a node dies.
   */
  public boolean runsElsewhere(String group, String name, String fireId) {
    String sql =
        "SELECT count(*) FROM qrtz_fired_triggers o JOIN qrtz_fired_triggers me"
            + " ON me.sched_name = o.sched_name AND me.entry_id = ?"
            + " WHERE o.sched_name = ? AND o.job_group = ? AND o.job_name = ?"
            + " AND o.state = 'EXECUTING' AND o.entry_id <> me.entry_id"
            + " AND (o.fired_time < me.fired_time"
            + " OR (o.fired_time = me.fired_time AND o.entry_id < me.entry_id))";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, fireId);
      statement.setString(2, cluster);
      statement.setString(3, group);
      statement.setString(4, name);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new CarillonException("could not check whether " + group + "/" + name + " runs", e);
    }
  }

  /** Asks whichever node runs them to stop the job's running executions; how many were asked. */
  public int requestInterrupt(String group, String name, Instant at) {
    return update(
        "UPDATE carillon_execution SET interrupt_requested_at = ? WHERE job_group = ?"
            + " AND job_name = ? AND status = 'RUNNING' AND interrupt_requested_at IS NULL",
        at.atOffset(ZoneOffset.UTC),
        group,
        name);
  }

  /** The fire ids of this node's running executions that someone asked to stop. */
  public List<String> interruptRequests(String nodeId) {
    String sql =
        "SELECT fire_id FROM carillon_execution WHERE node_id = ? AND status = 'RUNNING'"
            + " AND interrupt_requested_at IS NOT NULL";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, nodeId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new CarillonException("could not read interrupt requests", e);
    }
  }

  /** Deletes finished executions that started before {@code cutoff}; how many. */
  public int deleteStartedBefore(Instant cutoff) {
    return update(
        "DELETE FROM carillon_execution WHERE status <> 'RUNNING' AND started_at < ?",
        cutoff.atOffset(ZoneOffset.UTC));
  }

  /** Deletes each job's finished executions beyond its newest {@code keep}; how many. */
  public int deleteBeyond(int keep) {
    return update(
        "DELETE FROM carillon_execution WHERE seq IN (SELECT seq FROM (SELECT seq, status,"
            + " ROW_NUMBER() OVER (PARTITION BY job_group, job_name ORDER BY seq DESC) AS n"
            + " FROM carillon_execution) r WHERE r.n > ? AND r.status <> 'RUNNING')",
        keep);
  }

  private int update(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new CarillonException("execution store: " + e.getMessage(), e);
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
