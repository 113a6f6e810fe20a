package io.carillon.server.core;

import io.carillon.server.common.Overlap;
import java.time.Duration;
import java.util.Map;
import org.quartz.JobDataMap;

/**
 * What the listeners need to know of a job at run time (overlap, timeout, retry), kept in the
 * Quartz job's data as strings so that a fire never has to read Carillon's job table first.
 */
public record RunPolicy(Overlap overlap, Duration timeout, RetryPolicy retry) {
  /** What caused a fire: set by "run now" and by retries; absent for schedule fires. */
  public static final String TRIGGER_KIND = "carillon.trigger";

  /** A backfilled run's logical time (epoch milliseconds), recorded as its scheduled time. */
  public static final String LOGICAL_TIME = "carillon.logicalTime";

  static final String OVERLAP = "carillon.overlap";
  static final String TIMEOUT_MS = "carillon.timeoutMs";
  static final String MAX_ATTEMPTS = "carillon.retry.maxAttempts";
  static final String BACKOFF_MS = "carillon.retry.backoffMs";
  static final String MULTIPLIER = "carillon.retry.multiplier";
  static final String MAX_BACKOFF_MS = "carillon.retry.maxBackoffMs";

  static RunPolicy of(JobDefinition definition) {
    var retry = definition.normalised().retry();
    RetryPolicy policy =
        retry == null
            ? RetryPolicy.NONE
            : new RetryPolicy(
                retry.maxAttempts(),
                Duration.parse(retry.backoff()),
                retry.multiplier(),
                Duration.parse(retry.maxBackoff()));
    return new RunPolicy(definition.normalised().overlap(), definition.timeout(), policy);
  }

  Map<String, String> toJobData() {
    return Map.of(
        OVERLAP, overlap.json(),
        TIMEOUT_MS, timeout == null ? "" : Long.toString(timeout.toMillis()),
        MAX_ATTEMPTS, Integer.toString(retry.maxAttempts()),
        BACKOFF_MS, Long.toString(retry.backoff().toMillis()),
        MULTIPLIER, Double.toString(retry.multiplier()),
        MAX_BACKOFF_MS, Long.toString(retry.maxBackoff().toMillis()));
  }

  /** The policy a job was written with; a job written by another tool has the defaults. */
  public static RunPolicy from(JobDataMap data) {
    return new RunPolicy(
        data.containsKey(OVERLAP) ? Overlap.of(data.getString(OVERLAP)) : Overlap.ALLOW,
        millis(data, TIMEOUT_MS) > 0 ? Duration.ofMillis(millis(data, TIMEOUT_MS)) : null,
        new RetryPolicy(
            (int) Math.max(1, millis(data, MAX_ATTEMPTS)),
            Duration.ofMillis(millis(data, BACKOFF_MS)),
            data.containsKey(MULTIPLIER) ? Double.parseDouble(data.getString(MULTIPLIER)) : 1.0,
            Duration.ofMillis(millis(data, MAX_BACKOFF_MS))));
  }

  private static long millis(JobDataMap data, String key) {
    Object value = data.get(key);
    if (value == null || value.toString().isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
