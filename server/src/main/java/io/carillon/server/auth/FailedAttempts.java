package io.carillon.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per client address. After {@code allowed} failures, each further failure
 * locks the address out for twice as long as the last (1 s, 2 s, 4 s ... up to {@code maxLockout});
 * an address with no failure for {@code window} starts afresh. Node-local, like the addresses.
 */
public final class FailedAttempts {
  private static final int MAX_TRACKED = 10_000;

  private final Clock clock;
  private final int allowed;
  private final Duration window;
  private final Duration maxLockout;
  private final Map<String, Attempts> byAddress = new ConcurrentHashMap<>();

  public FailedAttempts(Clock clock, int allowed, Duration window, Duration maxLockout) {
    this.clock = clock;
    this.allowed = allowed;
    this.window = window;
    this.maxLockout = maxLockout;
  }

  private record Attempts(int failures, Instant last, Instant lockedUntil) {}

  /** How long the address must still wait, if it is locked out now. */
  public Optional<Duration> lockedOut(String address) {
    Attempts attempts = byAddress.get(address);
    Instant now = clock.instant();
    if (attempts == null || !attempts.lockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, attempts.lockedUntil()));
  }

  public void failed(String address) {
    Instant now = clock.instant();
    if (byAddress.size() >= MAX_TRACKED) {
      byAddress.values().removeIf(a -> a.last().plus(window).isBefore(now));
    }
    byAddress.compute(
        address,
        (key, previous) -> {
          int failures =
              previous == null || previous.last().plus(window).isBefore(now)
                  ? 1
                  : previous.failures() + 1;
          return new Attempts(failures, now, now.plus(lockout(failures)));
        });
  }

  private Duration lockout(int failures) {
    int over = failures - allowed;
    if (over < 0) {
      return Duration.ZERO;
    }
    Duration lockout = Duration.ofSeconds(1L << Math.min(over, 30));
    return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
  }
}
