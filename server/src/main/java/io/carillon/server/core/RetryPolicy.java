package io.carillon.server.core;

import java.time.Duration;

/** A job's retry rule with its durations parsed: exponential backoff, capped. */
public record RetryPolicy(
    int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

  /** Whether a failed attempt number {@code attempt} is followed by another. */
  public boolean retriesAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /**
   * How long to wait after failed attempt {@code attempt} before the next: {@code backoff ×
   * multiplier^(attempt-1)}, never more than {@code maxBackoff}.
   */
  public Duration delayAfter(int attempt) {
    double millis = backoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capped = (long) Math.min(millis, (double) maxBackoff.toMillis());
    return Duration.ofMillis(capped);
  }
}
