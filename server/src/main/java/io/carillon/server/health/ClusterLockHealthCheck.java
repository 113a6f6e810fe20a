package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.carillon.server.quartz.schema.ClusterLockHolderDao;
import io.carillon.server.quartz.schema.ClusterLockHolderDao.Holder;
import java.time.Duration;
import java.util.Optional;

/**
 * Red while one transaction has held Quartz's cluster-wide lock for longer than {@code threshold}:
 * nothing fires on any node meanwhile. The message names the session (node and, for an API request,
 * the request), so the operator knows which node to look at or restart.
 */
public final class ClusterLockHealthCheck extends HealthCheck {
  private final ClusterLockHolderDao holders;
  private final Duration threshold;

  /** {@code holders} null: a single node on H2, where no other node can be stalled. */
  public ClusterLockHealthCheck(ClusterLockHolderDao holders, Duration threshold) {
    this.holders = holders;
    this.threshold = threshold;
  }

  @Override
  protected Result check() {
    if (holders == null) {
      return Result.healthy("single node: no cluster lock to hold up others");
    }
    Optional<Holder> oldest = holders.oldest();
    if (oldest.isEmpty()) {
      return Result.healthy("no transaction holds the cluster lock");
    }
    Holder holder = oldest.get();
    if (holder.held().compareTo(threshold) > 0) {
      return Result.unhealthy(
          "the cluster lock %s; nothing fires while it is held (threshold %d ms)",
          holder.describe(), threshold.toMillis());
    }
    return Result.healthy(holder.describe());
  }
}
