package io.carillon.server.db;

import static io.carillon.server.jdbc.Transactions.bind;
import static io.carillon.server.jdbc.Transactions.instant;
import static io.carillon.server.jdbc.Transactions.utc;

import io.carillon.server.jdbc.Transactions;
import io.carillon.server.quartz.schema.JobInQuartz;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_dependency_run} (issue 18 §2): one decision per (upstream run, downstream
 * job), whose primary key makes each dispatch happen once across the cluster.
 */
public final class DependencyRunDao {
  /** The outcomes of carillon_dependency_run (see V25__dependencies.sql). */
  public static final String DISPATCHING = "dispatching";

  public static final String DISPATCHED = "dispatched";
  public static final String NONE = "none";
  public static final String SKIPPED = "skipped";
  public static final String REFUSED = "refused";

  /** The trigger group of the one-shot triggers that start downstream runs. */
  public static final String TRIGGER_GROUP = "carillon-dependency";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String ENDED =
      "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'INTERRUPTED', 'ABANDONED')";

  private final Transactions transactions;
  private final String cluster;

  public DependencyRunDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "dependent runs");
    this.cluster = cluster;
  }

  /** An upstream run that ended, and a job that waits on it, with no decision taken yet. */
  public record Candidate(
      String upstreamExecution,
      String status,
      int attempt,
      String resultJson,
      Instant finishedAt,
      String group,
      String name,
      DependencyDao.Edge edge) {}

  /** A decision about one (upstream run, downstream job). */
  public record DependencyRun(
      String upstreamExecution,
      String group,
      String name,
      String upstreamGroup,
      String upstreamName,
      String executionId,
      String outcome,
      String overridesJson,
      String detail,
      String nodeId,
      Instant decidedAt) {}

  /**
   * Upstream runs that ended at or after {@code endedSince} (and after their edge was declared)
   * with no decision yet for a job that waits on them, oldest first.
   */
  public List<Candidate> undecided(Instant endedSince, int limit) {
    String sql =
        "SELECT e.id, e.status, e.attempt, e.result, e.finished_at, d.job_group, d.job_name,"
            + " d.upstream_group, d.upstream_name, d.on_outcome, d.params"
            + " FROM carillon_job_dependency d JOIN carillon_execution e"
            + " ON e.job_group = d.upstream_group AND e.job_name = d.upstream_name"
            + " WHERE d.sched_name = ? AND e.status IN "
            + ENDED
            + " AND e.finished_at >= d.since AND e.finished_at >= ?"
            + " AND NOT EXISTS (SELECT 1 FROM carillon_dependency_run r"
            + " WHERE r.sched_name = d.sched_name AND r.upstream_execution = e.id"
            + " AND r.job_group = d.job_group AND r.job_name = d.job_name)"
            + " ORDER BY e.finished_at, e.id LIMIT ?";
    return transactions.run(
        connection -> {
          List<Candidate> found = new ArrayList<>();
          try (PreparedStatement statement =
                  bind(connection.prepareStatement(sql), cluster, utc(endedSince), limit);
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              found.add(
                  new Candidate(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getInt(3),
                      rows.getString(4),
                      instant(rows, "finished_at"),
                      rows.getString(6),
                      rows.getString(7),
                      new DependencyDao.Edge(
                          rows.getString(8),
                          rows.getString(9),
                          rows.getString(10),
                          rows.getString(11))));
            }
          }
          return found;
        });
  }

  /**
   * Records a decision; false when another node recorded one for the same pair first. A claim
   * ({@link #DISPATCHING}) is this insert: whoever inserts the row starts the downstream run.
   */
  public boolean decide(DependencyRun run) {
    String sql =
        "INSERT INTO carillon_dependency_run (sched_name, upstream_execution, job_group, job_name,"
            + " upstream_group, upstream_name, execution_id, outcome, overrides, detail, node_id,"
            + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try {
      return transactions.run(
          connection ->
              Transactions.update(
                      connection,
                      sql,
                      cluster,
                      run.upstreamExecution(),
                      run.group(),
                      run.name(),
                      run.upstreamGroup(),
                      run.upstreamName(),
                      run.executionId(),
                      run.outcome(),
                      run.overridesJson(),
                      truncate(run.detail()),
                      run.nodeId(),
                      utc(run.decidedAt()))
                  == 1);
    } catch (io.carillon.server.common.CarillonException e) {
      if (e.getCause() instanceof SQLException sql2
          && UNIQUE_VIOLATION.equals(sql2.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Settles a claim: its downstream run was started ({@link #DISPATCHED}), or why not. */
  public void settle(DependencyRun claim, String outcome, String detail, Instant at) {
    transactions.run(
        connection ->
            Transactions.update(
                connection,
                "UPDATE carillon_dependency_run SET outcome = ?, detail = ?, decided_at = ?"
                    + " WHERE sched_name = ? AND upstream_execution = ? AND job_group = ?"
                    + " AND job_name = ?",
                outcome,
                truncate(detail),
                utc(at),
                cluster,
                claim.upstreamExecution(),
                claim.group(),
                claim.name()));
  }

  /** Claims not marked done: each was left by a node that died, or is being started right now. */
  public List<DependencyRun> claims() {
    return runs(" AND outcome = ?", new Object[] {cluster, DISPATCHING});
  }

  /**
   * Takes over a claim left as it was read (same node, same time); false if another node took it
   * first or its node finished it meanwhile.
   */
  public boolean takeOver(DependencyRun claim, String nodeId, Instant at) {
    return transactions.run(
            connection ->
                Transactions.update(
                    connection,
                    "UPDATE carillon_dependency_run SET node_id = ?, decided_at = ?"
                        + " WHERE sched_name = ? AND upstream_execution = ? AND job_group = ?"
                        + " AND job_name = ? AND outcome = ? AND node_id = ? AND decided_at = ?",
                    nodeId,
                    utc(at),
                    cluster,
                    claim.upstreamExecution(),
                    claim.group(),
                    claim.name(),
                    DISPATCHING,
                    claim.nodeId(),
                    utc(claim.decidedAt())))
        == 1;
  }

  /**
   * Whether a run with this id was started: it is recorded, or its one-shot trigger is stored or
   * firing. One of the three holds from the moment the trigger is stored until the run's row is.
   */
  public boolean started(String executionId) {
    String sql =
        "SELECT (SELECT count(*) FROM carillon_execution WHERE id = ?) + "
            + JobInQuartz.TRIGGER_STORED_OR_FIRING;
    return transactions.run(
        connection -> {
          try (PreparedStatement statement =
                  bind(
                      connection.prepareStatement(sql),
                      executionId,
                      cluster,
                      executionId,
                      TRIGGER_GROUP,
                      cluster,
                      executionId,
                      TRIGGER_GROUP);
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
          }
        });
  }

  /** The decision that started this run, if a dependency started it. */
  public Optional<DependencyRun> startedAs(String executionId) {
    return runs(" AND execution_id = ?", new Object[] {cluster, executionId}).stream().findFirst();
  }

  /** The decisions about an upstream run, one per job that waits on it. */
  public List<DependencyRun> decisionsAbout(String upstreamExecution) {
    return runs(" AND upstream_execution = ?", new Object[] {cluster, upstreamExecution});
  }

  /** Forgets decisions taken before {@code before}: no undecided look reaches back that far. */
  public int forgetBefore(Instant before) {
    return transactions.run(
        connection ->
            Transactions.update(
                connection,
                "DELETE FROM carillon_dependency_run WHERE sched_name = ? AND outcome <> ?"
                    + " AND decided_at < ?",
                cluster,
                DISPATCHING,
                utc(before)));
  }

  private List<DependencyRun> runs(String where, Object[] args) {
    String sql =
        "SELECT upstream_execution, job_group, job_name, upstream_group, upstream_name,"
            + " execution_id, outcome, overrides, detail, node_id, decided_at"
            + " FROM carillon_dependency_run WHERE sched_name = ?"
            + where
            + " ORDER BY decided_at, job_group, job_name";
    return transactions.run(
        connection -> {
          List<DependencyRun> found = new ArrayList<>();
          try (PreparedStatement statement = bind(connection.prepareStatement(sql), args);
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              found.add(
                  new DependencyRun(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4),
                      rows.getString(5),
                      rows.getString(6),
                      rows.getString(7),
                      rows.getString(8),
                      rows.getString(9),
                      rows.getString(10),
                      instant(rows, "decided_at")));
            }
          }
          return found;
        });
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
  }
}
