package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.carillon.server.quartz.schema.CanaryDao;
import io.carillon.server.quartz.schema.CanaryDao.CanaryTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Healthy while the cluster's canary trigger fired within {@link #LATE_FACTOR} times its interval,
 * on any node. A node can look fine itself (started, checked in) while no node of the cluster fires
 * anything; only a trigger that actually fired proves that scheduling works.
 */
public final class CanaryHealthCheck extends HealthCheck {
  /** How many intervals the canary may be late before the check turns red. */
  public static final int LATE_FACTOR = 3;

  private final CanaryDao canary;
  private final Duration interval;
  private final Clock clock;

  public CanaryHealthCheck(CanaryDao canary, Duration interval, Clock clock) {
    this.canary = canary;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  protected Result check() {
    Optional<CanaryTrigger> trigger = canary.find();
    if (trigger.isEmpty()) {
      return Result.unhealthy("the canary trigger is missing (a node creates it when it starts)");
    }
    Duration age = trigger.get().age(clock.instant());
    if (age.compareTo(interval.multipliedBy(LATE_FACTOR)) > 0) {
      return Result.unhealthy(
          "the canary last fired %d ms ago; it should fire every %d ms (trigger %s)",
          age.toMillis(), interval.toMillis(), trigger.get().state());
    }
    return Result.healthy("the canary fired %d ms ago", age.toMillis());
  }
}
