package io.carillon.server.db;

import io.carillon.server.jdbc.Transactions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads and maintains {@code carillon_execution} around the runs themselves: interrupt requests
 * across nodes, pruning. The runs' own records are written by {@link RunRecorder}.
 */
public final class ExecutionDao {
  private final Transactions transactions;
  private final String cluster;

  public ExecutionDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "execution store");
    this.cluster = cluster;
  }

  /** Asks whichever node runs them to stop the job's running executions; how many were asked. */
  public int requestInterrupt(String group, String name, Instant at) {
    // Joins the transaction open on the thread, if any: the requests go with their audit entry.
    return joining(
        "UPDATE carillon_execution SET interrupt_requested_at = ? WHERE job_group = ?"
            + " AND job_name = ? AND status = 'RUNNING' AND interrupt_requested_at IS NULL",
        at.atOffset(ZoneOffset.UTC),
        group,
        name);
  }

  /**
   * As {@link #requestInterrupt}, sparing the run of fire {@code exceptFireId}: a fire that
   * replaces the job's runs, whose own RUNNING row the job store may have written already.
   */
  public int requestInterruptOfOthers(String group, String name, String exceptFireId, Instant at) {
    return transactions.update(
        "UPDATE carillon_execution SET interrupt_requested_at = ? WHERE job_group = ?"
            + " AND job_name = ? AND status = 'RUNNING' AND interrupt_requested_at IS NULL"
            + " AND fire_id <> ?",
        at.atOffset(ZoneOffset.UTC),
        group,
        name,
        exceptFireId);
  }

  /** The fire ids of this node's running executions that someone asked to stop. */
  public List<String> interruptRequests(String nodeId) {
    String sql =
        "SELECT fire_id FROM carillon_execution WHERE node_id = ? AND status = 'RUNNING'"
            + " AND interrupt_requested_at IS NOT NULL";
    return transactions.query(sql, rows -> rows.getString(1), nodeId);
  }

  /** Deletes finished executions that started before {@code cutoff}; how many. */
  public int deleteStartedBefore(Instant cutoff) {
    return transactions.update(
        "DELETE FROM carillon_execution WHERE status <> 'RUNNING' AND started_at < ?",
        cutoff.atOffset(ZoneOffset.UTC));
  }

  /** Deletes each job's finished executions beyond its newest {@code keep}; how many. */
  public int deleteBeyond(int keep) {
    return transactions.update(
        "DELETE FROM carillon_execution WHERE seq IN (SELECT seq FROM (SELECT seq, status,"
            + " ROW_NUMBER() OVER (PARTITION BY job_group, job_name ORDER BY seq DESC) AS n"
            + " FROM carillon_execution) r WHERE r.n > ? AND r.status <> 'RUNNING')",
        keep);
  }

  /** A job whose definition declares history limits: its key and its stored definition. */
  public record LimitedJob(String group, String name, String definitionJson) {}

  /** The jobs whose definition has a {@code history} (found by text, then read by the caller). */
  public List<LimitedJob> jobsWithHistoryLimits() {
    String sql =
        "SELECT job_group, job_name, definition FROM carillon_job WHERE sched_name = ?"
            + " AND definition LIKE '%\"history\":{%'";
    return transactions.query(
        sql,
        rows -> new LimitedJob(rows.getString(1), rows.getString(2), rows.getString(3)),
        cluster);
  }

  /**
   * Deletes a job's finished runs that did not fail beyond its newest {@code keep} of them (null:
   * none), and its failed runs beyond its newest {@code keepFailed} (null: none).
   */
  public int deleteBeyond(String group, String name, Integer keep, Integer keepFailed) {
    int deleted = 0;
    if (keep != null) {
      deleted += deleteBeyond(group, name, "status IN ('SUCCEEDED', 'SKIPPED', 'RECOVERED')", keep);
    }
    if (keepFailed != null) {
      deleted +=
          deleteBeyond(
              group,
              name,
              "status IN ('FAILED', 'TIMED_OUT', 'INTERRUPTED', 'ABANDONED')",
              keepFailed);
    }
    return deleted;
  }

  private int deleteBeyond(String group, String name, String statuses, int keep) {
    return transactions.update(
        "DELETE FROM carillon_execution WHERE seq IN (SELECT seq FROM (SELECT seq,"
            + " ROW_NUMBER() OVER (ORDER BY seq DESC) AS n FROM carillon_execution"
            + " WHERE job_group = ? AND job_name = ? AND "
            + statuses
            + ") r WHERE r.n > ?)",
        group,
        name,
        keep);
  }

  private int joining(String sql, Object... args) {
    return transactions.joining(connection -> Transactions.update(connection, sql, args));
  }
}
