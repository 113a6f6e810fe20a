package io.carillon.server.db;

import io.carillon.server.common.StoredJob;
import io.carillon.server.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_job_revision}: every definition a job has had, with the time it took
 * effect, written by {@link JobDao} in the transaction that stores the job; rows go with the job
 * (the foreign key cascades), and those no kept run needs are pruned with the history.
 */
public final class JobRevisionDao {
  private final Transactions transactions;
  private final String cluster;

  public JobRevisionDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "job revisions");
    this.cluster = cluster;
  }

  /** Records the job's definition as in effect from its {@code updatedAt}. */
  static void write(Connection connection, String cluster, StoredJob job) throws SQLException {
    Transactions.update(
        connection,
        "INSERT INTO carillon_job_revision (sched_name, job_group, job_name, version,"
            + " effective_at, definition) VALUES (?, ?, ?, ?, ?, ?)",
        cluster,
        job.group(),
        job.name(),
        job.version(),
        Transactions.utc(job.updatedAt()),
        job.definitionJson());
  }

  /**
   * The definition (JSON) the job had at {@code at}: the newest revision that took effect then or
   * before; empty if none did (the job was created later, or stored before revisions were kept).
   */
  public Optional<String> definitionAt(String group, String name, Instant at) {
    return transactions
        .query(
            "SELECT definition FROM carillon_job_revision WHERE sched_name = ? AND job_group = ?"
                + " AND job_name = ? AND effective_at <= ? ORDER BY effective_at DESC, version DESC"
                + " LIMIT 1",
            rows -> rows.getString(1),
            cluster,
            group,
            name,
            Transactions.utc(at))
        .stream()
        .findFirst();
  }

  /**
   * Deletes the revisions nothing can ask for any more; how many. A revision stays while it is its
   * job's current one, or while a kept execution of the job started when it was in effect (it is
   * what {@link #definitionAt} answers for that run's start): a rerun of any run still in the
   * history repeats the parameters it had. Run after the history is pruned, so that the revisions
   * of the runs just deleted go in the same pass.
   */
  public int deleteUnneeded() {
    return transactions.update(
        "DELETE FROM carillon_job_revision r WHERE r.sched_name = ?"
            + " AND NOT EXISTS (SELECT 1 FROM carillon_job j WHERE j.sched_name = r.sched_name"
            + " AND j.job_group = r.job_group AND j.job_name = r.job_name"
            + " AND j.version = r.version)"
            + " AND NOT EXISTS (SELECT 1 FROM carillon_execution e WHERE e.job_group = r.job_group"
            + " AND e.job_name = r.job_name AND e.started_at >= r.effective_at"
            + " AND NOT EXISTS (SELECT 1 FROM carillon_job_revision n"
            + " WHERE n.sched_name = r.sched_name AND n.job_group = r.job_group"
            + " AND n.job_name = r.job_name AND n.effective_at <= e.started_at"
            + " AND (n.effective_at > r.effective_at"
            + " OR (n.effective_at = r.effective_at AND n.version > r.version))))",
        cluster);
  }
}
