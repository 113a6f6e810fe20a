package io.carillon.server.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Quartz's own rule for declaring a node failed (JobStoreSupport.calcFailedIfAfter, Quartz 2.5): a
 * node is dead once {@code now} passes its last check-in plus the longer of its check-in interval
 * and the time since the judging node's own last check-in, plus 7.5 s. Carillon judges with the
 * same rule so that the cluster view, the failover sweeper and Quartz's recovery agree on who is
 * dead.
 */
public final class Liveness {
  /** Quartz's fixed allowance on top of the check-in interval. */
  public static final Duration GRACE = Duration.ofMillis(7500);

  private final Instant now;
  private final Instant ownLastCheckin;

  /**
   * {@code ownLastCheckin}: the judging node's own last check-in; null when it has none (not
   * clustered, or it left the cluster), which makes the rule the plain interval plus grace.
   */
  public Liveness(Instant now, Instant ownLastCheckin) {
    this.now = now;
    this.ownLastCheckin = ownLastCheckin;
  }

  /** The instant after which a node that last checked in at {@code lastCheckin} is dead. */
  public Instant deadAfter(Instant lastCheckin, Duration checkinInterval) {
    Duration sinceOwn =
        ownLastCheckin == null ? Duration.ZERO : Duration.between(ownLastCheckin, now);
    Duration allowance = sinceOwn.compareTo(checkinInterval) > 0 ? sinceOwn : checkinInterval;
    return lastCheckin.plus(allowance).plus(GRACE);
  }

  public boolean isAlive(Instant lastCheckin, Duration checkinInterval) {
    return lastCheckin != null && !now.isAfter(deadAfter(lastCheckin, checkinInterval));
  }

  public Instant now() {
    return now;
  }
}
