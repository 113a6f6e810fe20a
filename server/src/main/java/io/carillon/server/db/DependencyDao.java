package io.carillon.server.db;

import static io.carillon.server.jdbc.Transactions.bind;
import static io.carillon.server.jdbc.Transactions.utc;

import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * SQL for job dependencies (issue 18 §2): {@code carillon_job_dependency}, the edges, written in
 * the transaction that stores the job. The decisions about ended upstream runs are {@link
 * DependencyRunDao}'s.
 */
public final class DependencyDao {
  private final Transactions transactions;
  private final String cluster;

  public DependencyDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "job dependencies");
    this.cluster = cluster;
  }

  /** One {@code after} entry of a job: upstream, outcome ({@code on}) and parameter mapping. */
  public record Edge(String upstreamGroup, String upstreamName, String on, String paramsJson) {}

  /** An edge with its downstream job. */
  public record JobEdge(String group, String name, Edge edge) {}

  /**
   * Makes a job's edges {@code edges}, on the connection of the transaction that stores the job. An
   * edge that stays keeps its {@code since}, so a change elsewhere in the job replays nothing.
   */
  static void write(
      Connection connection,
      String cluster,
      String group,
      String name,
      List<Edge> edges,
      Instant now)
      throws SQLException {
    apply(connection, cluster, group, name, edges, now, existing(connection, cluster, group, name));
  }

  /**
   * Inserts a new job's edges, on the connection of the transaction that inserts the job: it has
   * none yet (a deleted job's edges went with it), so nothing is read first.
   */
  static void insert(
      Connection connection,
      String cluster,
      String group,
      String name,
      List<Edge> edges,
      Instant now)
      throws SQLException {
    apply(connection, cluster, group, name, edges, now, new HashMap<>());
  }

  /** The job's stored edges by upstream key, each marked not (yet) kept. */
  private static Map<String, Boolean> existing(
      Connection connection, String cluster, String group, String name) throws SQLException {
    Map<String, Boolean> existing = new HashMap<>();
    try (PreparedStatement statement =
            bind(
                connection.prepareStatement(
                    "SELECT upstream_group, upstream_name FROM carillon_job_dependency"
                        + " WHERE sched_name = ? AND job_group = ? AND job_name = ?"),
                cluster,
                group,
                name);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        existing.put(rows.getString(1) + "/" + rows.getString(2), false);
      }
    }
    return existing;
  }

  private static void apply(
      Connection connection,
      String cluster,
      String group,
      String name,
      List<Edge> edges,
      Instant now,
      Map<String, Boolean> existing)
      throws SQLException {
    for (Edge edge : edges) {
      String key = edge.upstreamGroup() + "/" + edge.upstreamName();
      if (existing.containsKey(key)) {
        existing.put(key, true);
        Transactions.update(
            connection,
            "UPDATE carillon_job_dependency SET on_outcome = ?, params = ? WHERE sched_name = ?"
                + " AND job_group = ? AND job_name = ? AND upstream_group = ? AND upstream_name = ?",
            edge.on(),
            edge.paramsJson(),
            cluster,
            group,
            name,
            edge.upstreamGroup(),
            edge.upstreamName());
      } else {
        Transactions.update(
            connection,
            "INSERT INTO carillon_job_dependency (sched_name, job_group, job_name, upstream_group,"
                + " upstream_name, on_outcome, params, since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            cluster,
            group,
            name,
            edge.upstreamGroup(),
            edge.upstreamName(),
            edge.on(),
            edge.paramsJson(),
            utc(now));
      }
    }
    for (Map.Entry<String, Boolean> old : existing.entrySet()) {
      if (!old.getValue()) {
        String[] key = old.getKey().split("/", 2);
        Transactions.update(
            connection,
            "DELETE FROM carillon_job_dependency WHERE sched_name = ? AND job_group = ?"
                + " AND job_name = ? AND upstream_group = ? AND upstream_name = ?",
            cluster,
            group,
            name,
            key[0],
            key[1]);
      }
    }
  }

  /** Removes a deleted job's edges, in the transaction that deletes it. */
  static void delete(Connection connection, String cluster, String group, String name)
      throws SQLException {
    Transactions.update(
        connection,
        "DELETE FROM carillon_job_dependency WHERE sched_name = ? AND job_group = ?"
            + " AND job_name = ?",
        cluster,
        group,
        name);
  }

  /** Every edge of the cluster: what the cycle check walks. */
  public List<JobEdge> all() {
    return edges("", new Object[] {cluster});
  }

  /** What a job waits on. */
  public List<JobEdge> upstreamsOf(String group, String name) {
    return edges(" AND job_group = ? AND job_name = ?", new Object[] {cluster, group, name});
  }

  /** The jobs that wait on a job. */
  public List<JobEdge> downstreamsOf(String group, String name) {
    return edges(
        " AND upstream_group = ? AND upstream_name = ?", new Object[] {cluster, group, name});
  }

  private List<JobEdge> edges(String where, Object[] args) {
    String sql =
        "SELECT job_group, job_name, upstream_group, upstream_name, on_outcome, params"
            + " FROM carillon_job_dependency WHERE sched_name = ?"
            + where
            + " ORDER BY job_group, job_name, upstream_group, upstream_name";
    return transactions.run(
        connection -> {
          List<JobEdge> found = new ArrayList<>();
          try (PreparedStatement statement = bind(connection.prepareStatement(sql), args);
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              found.add(
                  new JobEdge(
                      rows.getString(1),
                      rows.getString(2),
                      new Edge(
                          rows.getString(3),
                          rows.getString(4),
                          rows.getString(5),
                          rows.getString(6))));
            }
          }
          return found;
        });
  }
}
