package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.Pause;
import io.carillon.server.jdbc.Transactions;
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
 * SQL for {@code carillon_pause}: who paused what, why and until when; and the claim by which one
 * node of the cluster resumes a pause whose end has come.
 */
public final class PauseDao {
  /** A claim older than this was left by a node that died before it resumed: taken over. */
  static final java.time.Duration CLAIM_TIMEOUT = java.time.Duration.ofMinutes(1);

  private static final String KEY =
      " WHERE sched_name = ? AND scope = ? AND job_group = ? AND job_name = ?";
  private static final String COLUMNS =
      "scope, job_group, job_name, reason, paused_at, paused_by, until";

  private final DataSource dataSource;
  private final Transactions transactions;
  private final String cluster;

  public PauseDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.transactions = new Transactions(dataSource, "pauses");
    this.cluster = cluster;
  }

  /**
   * Records a pause, replacing an earlier one of the same scope and target; inside the transaction
   * of the job's change when there is one, so the job, its pause and the audit entry go together.
   */
  public void put(Pause pause) {
    transactions.joining(
        connection -> {
          Transactions.update(connection, "DELETE FROM carillon_pause" + KEY, key(pause));
          Transactions.update(
              connection,
              "INSERT INTO carillon_pause (sched_name, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              cluster,
              pause.scope(),
              pause.group(),
              pause.name(),
              pause.reason(),
              Transactions.utc(pause.since()),
              pause.by(),
              Transactions.utc(pause.until()));
          return null;
        });
  }

  /** Removes a pause; inside the transaction of the job's change when there is one. */
  public void delete(String scope, String group, String name) {
    transactions.joining(
        connection ->
            Transactions.update(
                connection, "DELETE FROM carillon_pause" + KEY, cluster, scope, group, name));
  }

  public Optional<Pause> find(String scope, String group, String name) {
    return query("SELECT " + COLUMNS + " FROM carillon_pause" + KEY, cluster, scope, group, name)
        .stream()
        .findFirst();
  }

  /** Pauses whose end has come and that no live node is resuming. */
  public List<Pause> ended(Instant now) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM carillon_pause WHERE sched_name = ? AND until <= ?"
            + " AND (resuming_at IS NULL OR resuming_at < ?) ORDER BY until",
        cluster,
        Transactions.utc(now),
        Transactions.utc(now.minus(CLAIM_TIMEOUT)));
  }

  /** Claims an ended pause for this node; true on the one call that got it. */
  public boolean claim(Pause pause, String node, Instant now) {
    return run(
            "UPDATE carillon_pause SET resuming_by = ?, resuming_at = ?"
                + KEY
                + " AND until = ? AND (resuming_at IS NULL OR resuming_at < ?)",
            node,
            Transactions.utc(now),
            cluster,
            pause.scope(),
            pause.group(),
            pause.name(),
            Transactions.utc(pause.until()),
            Transactions.utc(now.minus(CLAIM_TIMEOUT)))
        == 1;
  }

  /** Removes a claimed pause once it was resumed (unless it was replaced meanwhile). */
  public void resumed(Pause pause, String node) {
    run(
        "DELETE FROM carillon_pause" + KEY + " AND resuming_by = ?",
        cluster,
        pause.scope(),
        pause.group(),
        pause.name(),
        node);
  }

  /**
   * The latest end of the planned pauses (with an until after {@code now}) that cover a job: its
   * own, its group's, the cluster's.
   */
  public Optional<Instant> plannedUntil(String group, String name, Instant now) {
    List<Instant> ends = new ArrayList<>();
    for (Pause pause :
        query(
            "SELECT "
                + COLUMNS
                + " FROM carillon_pause WHERE sched_name = ? AND until > ?"
                + " AND ((scope = 'job' AND job_group = ? AND job_name = ?)"
                + " OR (scope = 'group' AND job_group = ?) OR scope = 'cluster')",
            cluster,
            Transactions.utc(now),
            group,
            name,
            group)) {
      ends.add(pause.until());
    }
    return ends.stream().max(Instant::compareTo);
  }

  private Object[] key(Pause pause) {
    return new Object[] {cluster, pause.scope(), pause.group(), pause.name()};
  }

  private List<Pause> query(String sql, Object... args) {
    List<Pause> pauses = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = Transactions.bind(connection.prepareStatement(sql), args);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        pauses.add(read(result, ""));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return pauses;
  }

  /** A pause from columns named with {@code prefix} (as {@link JobListDao} joins them); or null. */
  static Pause read(ResultSet result, String prefix) throws SQLException {
    String scope = result.getString(prefix + "scope");
    if (scope == null) {
      return null;
    }
    return new Pause(
        scope,
        result.getString(prefix + "job_group"),
        result.getString(prefix + "job_name"),
        result.getString(prefix + "reason"),
        Transactions.instant(result, prefix + "paused_at"),
        result.getString(prefix + "paused_by"),
        Transactions.instant(result, prefix + "until"));
  }

  private int run(String sql, Object... args) {
    return transactions.update(sql, args);
  }

  private static CarillonException failure(SQLException e) {
    return new CarillonException("pauses: " + e.getMessage(), e);
  }
}
