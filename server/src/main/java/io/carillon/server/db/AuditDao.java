package io.carillon.server.db;

import io.carillon.server.common.AuditFilter;
import io.carillon.server.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_audit}, within one cluster (sched_name): append and read newest first.
 */
public final class AuditDao {
  private final Transactions transactions;
  private final String cluster;

  public AuditDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "audit log");
    this.cluster = cluster;
  }

  /**
   * Runs {@code change} in one transaction with the entries it appends: the writes of the other
   * DAOs that join the transaction open on the thread (keys, pauses, backfills, run requests,
   * interrupts) commit or roll back with its audit entry. Joins an outer one if there is one.
   */
  public <T> T inTransaction(Supplier<T> change) {
    return transactions.joining(connection -> change.get());
  }

  public void append(AuditRow row) {
    String sql =
        "INSERT INTO carillon_audit (sched_name, at, actor_id, actor_name, action, target,"
            + " before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    // Inside the transaction of the change it records, when there is one: both or neither.
    transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setObject(2, Transactions.utc(row.at()));
            statement.setString(3, row.actorId());
            statement.setString(4, row.actorName());
            statement.setString(5, row.action());
            statement.setString(6, row.target());
            statement.setString(7, row.beforeJson());
            statement.setString(8, row.afterJson());
            return statement.executeUpdate();
          }
        });
  }

  /**
   * Up to {@code limit} entries matching the filter, newest first, older than seq {@code before}.
   */
  public List<AuditRow> page(AuditFilter filter, Long before, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, at, actor_id, actor_name, action, target, before_json, after_json"
                + " FROM carillon_audit WHERE sched_name = ?");
    List<Object> args = new ArrayList<>();
    args.add(cluster);
    if (filter.action() != null) {
      sql.append(" AND action = ?");
      args.add(filter.action());
    }
    if (filter.target() != null) {
      sql.append(" AND target = ?");
      args.add(filter.target());
    }
    if (filter.since() != null) {
      sql.append(" AND at >= ?");
      args.add(Transactions.utc(filter.since()));
    }
    if (before != null) {
      sql.append(" AND seq < ?");
      args.add(before);
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    return transactions.run(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              statement.setObject(i + 1, args.get(i));
            }
            List<AuditRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
              while (result.next()) {
                rows.add(
                    new AuditRow(
                        result.getLong("seq"),
                        Transactions.instant(result, "at"),
                        result.getString("actor_id"),
                        result.getString("actor_name"),
                        result.getString("action"),
                        result.getString("target"),
                        result.getString("before_json"),
                        result.getString("after_json")));
              }
            }
            return rows;
          }
        });
  }
}
