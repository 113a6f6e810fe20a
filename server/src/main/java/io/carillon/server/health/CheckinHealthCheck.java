package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Healthy while this node's row in {@code qrtz_scheduler_state} is fresh: checked in within twice
 * the check-in interval. A node that stops checking in is declared dead by the others, which then
 * recover its runs, so a stale check-in is trouble even when the process looks fine.
 */
public final class CheckinHealthCheck extends HealthCheck {
  private final SchedulerStateDao states;
  private final Supplier<String> nodeId;
  private final Duration checkinInterval;
  private final Clock clock;

  /** {@code states} null: not clustered (embedded H2), where Quartz keeps no check-ins. */
  public CheckinHealthCheck(
      SchedulerStateDao states, Supplier<String> nodeId, Duration checkinInterval, Clock clock) {
    this.states = states;
    this.nodeId = nodeId;
    this.checkinInterval = checkinInterval;
    this.clock = clock;
  }

  @Override
  protected Result check() {
    String node = nodeId.get();
    if (states == null) {
      return Result.healthy("node %s runs alone: no cluster check-in", node);
    }
    Optional<Instant> last = states.lastCheckin(node);
    if (last.isEmpty()) {
      return Result.unhealthy("node %s has not checked in to the cluster", node);
    }
    Duration age = Duration.between(last.get(), clock.instant());
    if (age.compareTo(checkinInterval.multipliedBy(2)) > 0) {
      return Result.unhealthy(
          "node %s last checked in %d ms ago (check-in interval %d ms)",
          node, age.toMillis(), checkinInterval.toMillis());
    }
    return Result.healthy("node %s checked in %d ms ago", node, Math.max(0, age.toMillis()));
  }
}
