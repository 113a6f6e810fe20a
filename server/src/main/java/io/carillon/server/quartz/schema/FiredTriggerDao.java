package io.carillon.server.quartz.schema;

import io.carillon.server.jdbc.Transactions;
import javax.sql.DataSource;

/**
 * Reads Quartz's {@code qrtz_fired_triggers}: a row per fire acquired or executing on a node, which
 * Quartz's cluster recovery deletes when that node dies.
 */
public final class FiredTriggerDao {
  private final Transactions transactions;
  private final String cluster;

  public FiredTriggerDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "cannot read Quartz's fired triggers");
    this.cluster = cluster;
  }

  /**
   * Whether the job runs anywhere in the cluster under a fire older than {@code fireId} (ties
   * broken by fire id), so that of two fires racing exactly one goes ahead.
   */
  public boolean runsElsewhere(String group, String name, String fireId) {
    String sql =
        "SELECT count(*) FROM qrtz_fired_triggers o JOIN qrtz_fired_triggers me"
            + " ON me.sched_name = o.sched_name AND me.entry_id = ?"
            + " WHERE o.sched_name = ? AND o.job_group = ? AND o.job_name = ?"
            + " AND o.state = 'EXECUTING' AND o.entry_id <> me.entry_id"
            + " AND (o.fired_time < me.fired_time"
            + " OR (o.fired_time = me.fired_time AND o.entry_id < me.entry_id))";
    return transactions.query(sql, rows -> rows.getLong(1), fireId, cluster, group, name).get(0)
        > 0;
  }
}
