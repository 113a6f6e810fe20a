package io.carillon.server.db;

import io.carillon.server.common.Backfill;
import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_backfill}. Each step (starting the next fire time) is claimed with a
 * conditional update on {@code next_index}, so of several nodes driving at once one starts it.
 */
public final class BackfillDao {
  public static final String RUNNING = "RUNNING";
  public static final String DONE = "DONE";
  public static final String CANCELLED = "CANCELLED";

  private final Transactions transactions;
  private final String cluster;

  public BackfillDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "backfills");
    this.cluster = cluster;
  }

  public void insert(Backfill backfill) {
    String sql =
        "INSERT INTO carillon_backfill (id, sched_name, job_group, job_name, range_from, range_to,"
            + " fire_times, total, next_index, current_execution, status, requested_by,"
            + " requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?)";
    run(
        sql,
        backfill.id(),
        cluster,
        backfill.group(),
        backfill.name(),
        Transactions.utc(backfill.from()),
        Transactions.utc(backfill.to()),
        backfill.fireTimes().stream()
            .map(t -> Long.toString(t.toEpochMilli()))
            .collect(Collectors.joining(",")),
        backfill.fireTimes().size(),
        backfill.status(),
        backfill.requestedBy(),
        Transactions.utc(backfill.requestedAt()),
        Transactions.utc(backfill.updatedAt()));
  }

  public Optional<Backfill> find(String id) {
    return query("SELECT * FROM carillon_backfill WHERE sched_name = ? AND id = ?", cluster, id)
        .stream()
        .findFirst();
  }

  public List<Backfill> running() {
    return query(
        "SELECT * FROM carillon_backfill WHERE sched_name = ? AND status = ? ORDER BY requested_at",
        cluster,
        RUNNING);
  }

  /** A job's backfills, newest first. */
  public List<Backfill> ofJob(String group, String name, int limit) {
    return query(
        "SELECT * FROM carillon_backfill WHERE sched_name = ? AND job_group = ? AND job_name = ?"
            + " ORDER BY requested_at DESC, id LIMIT ?",
        cluster,
        group,
        name,
        limit);
  }

  /**
   * Claims step {@code index} for the run {@code executionId}, with {@code inFlight} (that run
   * among them) as the runs now in flight; true on the one call that did.
   */
  public boolean claim(
      String id, int index, String executionId, List<String> inFlight, Instant now) {
    return run(
            "UPDATE carillon_backfill SET next_index = next_index + 1, current_execution = ?,"
                + " in_flight = ?, updated_at = ? WHERE sched_name = ? AND id = ?"
                + " AND next_index = ? AND status = ?",
            executionId,
            String.join(",", inFlight),
            Transactions.utc(now),
            cluster,
            id,
            index,
            RUNNING)
        == 1;
  }

  /** Ends a running backfill as {@code status}; true if it was running. */
  public boolean finish(String id, String status, Instant now) {
    return run(
            "UPDATE carillon_backfill SET status = ?, updated_at = ? WHERE sched_name = ?"
                + " AND id = ? AND status = ?",
            status,
            Transactions.utc(now),
            cluster,
            id,
            RUNNING)
        == 1;
  }

  // Each statement joins the transaction open on the thread, if any: a backfill started or
  // cancelled and its audit entry are written together.
  private List<Backfill> query(String sql, Object... args) {
    return transactions.joining(connection -> query(connection, sql, args));
  }

  private static List<Backfill> query(Connection connection, String sql, Object... args)
      throws SQLException {
    List<Backfill> backfills = new ArrayList<>();
    try (PreparedStatement statement = Transactions.bind(connection.prepareStatement(sql), args);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        String times = result.getString("fire_times");
        String current = result.getString("current_execution");
        String inFlight = result.getString("in_flight");
        backfills.add(
            new Backfill(
                result.getString("id"),
                result.getString("job_group"),
                result.getString("job_name"),
                Transactions.instant(result, "range_from"),
                Transactions.instant(result, "range_to"),
                times.isEmpty()
                    ? List.of()
                    : Arrays.stream(times.split(","))
                        .map(t -> Instant.ofEpochMilli(Long.parseLong(t)))
                        .toList(),
                result.getInt("next_index"),
                current,
                result.getString("status"),
                result.getString("requested_by"),
                Transactions.instant(result, "requested_at"),
                Transactions.instant(result, "updated_at"),
                // A row from before V28 has its one run in flight as current_execution.
                inFlight == null
                    ? current == null ? List.of() : List.of(current)
                    : inFlight.isEmpty() ? List.of() : List.of(inFlight.split(","))));
      }
    }
    return backfills;
  }

  private int run(String sql, Object... args) {
    return transactions.joining(connection -> Transactions.update(connection, sql, args));
  }
}
