package io.carillon.server.db;

import io.carillon.server.common.JobId;
import io.carillon.server.jdbc.Transactions;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the late-job check found, for the cluster view and the metrics: the jobs late now and each
 * job's last success. The check itself reads and writes through {@link ExpectationDao}.
 */
public final class ExpectationListDao {
  private final Transactions transactions;
  private final String cluster;

  public ExpectationListDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "late-job report");
    this.cluster = cluster;
  }

  /** A job that is late now. */
  public record Late(JobId job, Instant since, String reason) {}

  /** A job's last success, or its creation if it never succeeded: what its success age counts. */
  public record SuccessAge(JobId job, Instant since) {}

  public long countLate() {
    return transactions
        .query(
            "SELECT COUNT(*) FROM carillon_job_expect WHERE sched_name = ?"
                + " AND late_since IS NOT NULL",
            rows -> rows.getLong(1),
            cluster)
        .get(0);
  }

  /** The first {@code limit} late jobs, longest late first. */
  public List<Late> late(int limit) {
    return transactions.query(
        "SELECT job_group, job_name, late_since, late_reason FROM carillon_job_expect"
            + " WHERE sched_name = ? AND late_since IS NOT NULL"
            + " ORDER BY late_since, job_group, job_name LIMIT ?",
        rows ->
            new Late(
                new JobId(rows.getString(1), rows.getString(2)),
                Transactions.instant(rows, "late_since"),
                rows.getString(4)),
        cluster,
        limit);
  }

  public List<SuccessAge> successAges() {
    return transactions.query(
        "SELECT e.job_group, e.job_name, COALESCE(e.last_success_at, j.created_at) AS since"
            + " FROM carillon_job_expect e JOIN carillon_job j ON j.sched_name = e.sched_name"
            + " AND j.job_group = e.job_group AND j.job_name = e.job_name"
            + " WHERE e.sched_name = ? ORDER BY e.job_group, e.job_name",
        rows ->
            new SuccessAge(
                new JobId(rows.getString(1), rows.getString(2)),
                Transactions.instant(rows, "since")),
        cluster);
  }
}
