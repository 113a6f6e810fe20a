package io.carillon.server.quartz.schema;

import io.carillon.server.jdbc.Transactions;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Who holds one of Quartz's cluster-wide lock rows ({@code TRIGGER_ACCESS}, {@code STATE_ACCESS})
 * right now, read from PostgreSQL itself. A locked row's {@code xmax} is the locking transaction,
 * which {@code pg_locks} maps to a live session and {@code pg_stat_activity} describes: the session
 * is named after the node and, for API requests, the request (see {@code db.RequestSessionNames}).
 */
public final class ClusterLockHolderDao {
  private static final String SQL =
      "SELECT q.lock_name, a.pid, a.application_name, a.state, left(a.query, 300),"
          + " (EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start) * 1000)::bigint"
          + " FROM qrtz_locks q"
          + " JOIN pg_locks l ON l.locktype = 'transactionid' AND l.transactionid = q.xmax"
          + " AND l.granted AND l.mode = 'ExclusiveLock'"
          + " JOIN pg_stat_activity a ON a.pid = l.pid"
          + " WHERE q.sched_name = ? AND a.xact_start IS NOT NULL"
          + " ORDER BY a.xact_start LIMIT 1";

  /** The oldest holder: which lock, which session, doing what, for how long. */
  public record Holder(
      String lock, int pid, String session, String state, String lastStatement, Duration held) {
    public String describe() {
      return String.format(
          "%s held for %d ms by %s (backend %d, %s; last statement: %s)",
          lock, held.toMillis(), session, pid, state, lastStatement);
    }
  }

  private final Transactions transactions;
  private final String cluster;

  public ClusterLockHolderDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "could not read who holds the cluster lock");
    this.cluster = cluster;
  }

  /** The session that has held a cluster lock longest, if any holds one now. */
  public Optional<Holder> oldest() {
    return transactions
        .query(
            SQL,
            row ->
                new Holder(
                    row.getString(1),
                    row.getInt(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    Duration.ofMillis(Math.max(0, row.getLong(6)))),
            cluster)
        .stream()
        .findFirst();
  }
}
