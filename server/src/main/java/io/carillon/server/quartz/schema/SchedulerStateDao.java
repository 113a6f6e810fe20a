package io.carillon.server.quartz.schema;

import io.carillon.server.jdbc.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads Quartz's {@code qrtz_scheduler_state}: one row per clustered node, refreshed at every
 * check-in. A node whose row is older than twice its check-in interval has stopped checking in.
 */
public final class SchedulerStateDao {
  /**
   * For Carillon's statements on {@code carillon_node}: true while the row's node has a check-in
   * row, that is, while Quartz counts it as a member of the cluster.
   */
  public static final String NODE_HAS_CHECKIN_ROW =
      "EXISTS (SELECT 1 FROM qrtz_scheduler_state s"
          + " WHERE s.sched_name = carillon_node.sched_name"
          + " AND s.instance_name = carillon_node.node_id)";

  private final Transactions transactions;
  private final String cluster;

  public SchedulerStateDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "cannot read Quartz's check-in rows");
    this.cluster = cluster;
  }

  /** Nodes whose last check-in is within twice their check-in interval of {@code now}. */
  public int liveNodes(Instant now) {
    String sql =
        "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = ?"
            + " AND last_checkin_time + 2 * checkin_interval >= ?";
    return transactions.query(sql, row -> row.getInt(1), cluster, now.toEpochMilli()).get(0);
  }

  /** This node's last check-in, if it has checked in at all. */
  public Optional<Instant> lastCheckin(String nodeId) {
    String sql =
        "SELECT last_checkin_time FROM qrtz_scheduler_state"
            + " WHERE sched_name = ? AND instance_name = ?";
    return transactions
        .query(sql, row -> Instant.ofEpochMilli(row.getLong(1)), cluster, nodeId)
        .stream()
        .findFirst();
  }

  /** One node's row: when it last checked in and how often it promised to. */
  public record Checkin(String nodeId, Instant lastCheckin, Duration interval) {}

  /** Every node that has a check-in row in this cluster, stale or not. */
  public List<Checkin> all() {
    String sql =
        "SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state"
            + " WHERE sched_name = ? ORDER BY instance_name";
    return transactions.query(
        sql,
        row ->
            new Checkin(
                row.getString(1),
                Instant.ofEpochMilli(row.getLong(2)),
                Duration.ofMillis(row.getLong(3))),
        cluster);
  }

  /**
   * Removes a node's check-in row once its scheduler has shut down, so that it leaves the cluster
   * at once instead of being declared dead by the others a check-in interval later.
   */
  public void delete(String nodeId) {
    transactions.update(
        "DELETE FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?",
        cluster,
        nodeId);
  }
}
