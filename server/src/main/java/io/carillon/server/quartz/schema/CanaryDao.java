package io.carillon.server.quartz.schema;

import io.carillon.server.common.InternalJobs;
import io.carillon.server.jdbc.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the canary's row in {@code qrtz_triggers}: when the cluster last fired it. */
public final class CanaryDao {
  private final Transactions transactions;
  private final String cluster;

  public CanaryDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "cannot read the canary trigger");
    this.cluster = cluster;
  }

  /**
   * The canary's trigger: {@code lastFire} is the fire time of its last firing on any node (null
   * before the first), {@code since} when its schedule began.
   */
  public record CanaryTrigger(Instant lastFire, Instant since, String state) {
    /** The fire time the next firing will supersede: the last one, or the schedule's start. */
    public Instant lastProof() {
      return lastFire != null ? lastFire : since;
    }

    /** How long ago the cluster last proved it schedules (never negative). */
    public Duration age(Instant now) {
      Duration age = Duration.between(lastProof(), now);
      return age.isNegative() ? Duration.ZERO : age;
    }
  }

  public Optional<CanaryTrigger> find() {
    String sql =
        "SELECT prev_fire_time, start_time, trigger_state FROM qrtz_triggers"
            + " WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ?";
    return transactions
        .query(
            sql,
            row -> {
              long previous = row.getLong(1);
              // Quartz writes -1 (or NULL) for "never fired".
              Instant lastFire =
                  row.wasNull() || previous <= 0 ? null : Instant.ofEpochMilli(previous);
              return new CanaryTrigger(
                  lastFire, Instant.ofEpochMilli(row.getLong(2)), row.getString(3));
            },
            cluster,
            InternalJobs.GROUP,
            InternalJobs.CANARY)
        .stream()
        .findFirst();
  }
}
