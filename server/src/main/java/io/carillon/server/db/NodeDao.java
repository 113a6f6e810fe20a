package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code carillon_node}: each node's host, start time and drain state; a node writes its own row.
 */
public final class NodeDao {
  private final DataSource dataSource;
  private final SchedulerStateDao checkins;
  private final String cluster;

  public NodeDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.checkins = new SchedulerStateDao(dataSource, cluster);
    this.cluster = cluster;
  }

  /** A node as it last described itself; {@code state} as stored (see core.NodeState). */
  public record NodeRow(
      String nodeId,
      String host,
      Instant startedAt,
      String state,
      Instant updatedAt,
      Instant lastCheckinAt) {}

  /** A node starting (again, with the same id): its row reset to this start. */
  public void started(String nodeId, String host, Instant startedAt, String state) {
    int updated =
        update(
            "UPDATE carillon_node SET host = ?, started_at = ?, state = ?, updated_at = ?,"
                + " last_checkin_at = NULL WHERE sched_name = ? AND node_id = ?",
            host,
            utc(startedAt),
            state,
            utc(startedAt),
            cluster,
            nodeId);
    if (updated == 0) {
      update(
          "INSERT INTO carillon_node (sched_name, node_id, host, started_at, state, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          cluster,
          nodeId,
          host,
          utc(startedAt),
          state,
          utc(startedAt));
    }
  }

  public void changed(String nodeId, String state, Instant at) {
    update(
        "UPDATE carillon_node SET state = ?, updated_at = ? WHERE sched_name = ? AND node_id = ?",
        state,
        utc(at),
        cluster,
        nodeId);
  }

  /**
   * Copies the node's last check-in from Quartz's table, which loses it when the node leaves or is
   * declared dead; the cluster view and the failover sweeper then still know it.
   */
  public void copyCheckin(String nodeId) {
    checkins
        .lastCheckin(nodeId)
        .ifPresent(
            at ->
                update(
                    "UPDATE carillon_node SET last_checkin_at = ? WHERE sched_name = ? AND node_id = ?",
                    utc(at),
                    cluster,
                    nodeId));
  }

  /** Every node that ever started in this cluster and was not forgotten, by id. */
  public List<NodeRow> all() {
    String sql =
        "SELECT node_id, host, started_at, state, updated_at, last_checkin_at FROM carillon_node"
            + " WHERE sched_name = ? ORDER BY node_id";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      List<NodeRow> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              new NodeRow(
                  result.getString(1),
                  result.getString(2),
                  instant(result, 3),
                  result.getString(4),
                  instant(result, 5),
                  instant(result, 6)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new CarillonException("cannot read the cluster's nodes: " + e.getMessage(), e);
    }
  }

  /**
   * Forgets nodes with no check-in row that were last heard of before {@code before}: with AUTO ids
   * every restart is a new node, and the view should not grow forever.
   */
  public int forgetGoneBefore(Instant before) {
    return update(
        "DELETE FROM carillon_node WHERE sched_name = ? AND COALESCE(last_checkin_at, updated_at)"
            + " < ? AND NOT "
            + SchedulerStateDao.NODE_HAS_CHECKIN_ROW,
        cluster,
        utc(before));
  }

  private int update(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] == null) {
          statement.setNull(i + 1, Types.VARCHAR);
        } else {
          statement.setObject(i + 1, args[i]);
        }
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new CarillonException("node store: " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
