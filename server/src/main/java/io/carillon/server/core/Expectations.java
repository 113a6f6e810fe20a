package io.carillon.server.core;

import io.carillon.server.core.definition.ExpectSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * When a job is due to have started and succeeded, from its {@code expect} and its schedule: the
 * rule of late-job detection (issue 18 §1), kept apart from the database so it can be tested alone.
 *
 * <p>The fire time a job is held to is the first one its schedule calls for after its last start
 * (or after its definition last changed, if that is later): any start since counts, whatever caused
 * it. Its last success is held against its creation if it never succeeded.
 */
public record Expectations(Instant expectedAt, Instant startDeadline, Instant successDeadline) {
  static final Duration MIN_DEFAULT_START = Duration.ofMinutes(1);
  static final Duration MAX_DEFAULT_START = Duration.ofMinutes(5);

  /**
   * {@code fireAfter}: the schedule's first fire time strictly after an instant, null if none (no
   * schedule, or past its end).
   */
  public static Expectations of(
      ExpectSpec spec,
      UnaryOperator<Instant> fireAfter,
      Instant lastStart,
      Instant changedAt,
      Instant lastSuccess,
      Instant createdAt) {
    Instant since = lastStart == null || lastStart.isBefore(changedAt) ? changedAt : lastStart;
    Instant expected = fireAfter.apply(since);
    Duration period = period(fireAfter, expected);
    Duration startWithin = startWithin(spec, period);
    Duration successWithin = successWithin(spec, period, startWithin);
    return new Expectations(
        expected,
        expected == null ? null : expected.plus(startWithin),
        successWithin == null
            ? null
            : (lastSuccess == null ? createdAt : lastSuccess).plus(successWithin));
  }

  /** The gap between the expected fire time and the next; null for a schedule that stops there. */
  static Duration period(UnaryOperator<Instant> fireAfter, Instant expected) {
    if (expected == null) {
      return null;
    }
    Instant after = fireAfter.apply(expected);
    return after == null ? null : Duration.between(expected, after);
  }

  static Duration startWithin(ExpectSpec spec, Duration period) {
    if (spec != null && spec.startWithin() != null) {
      return Duration.parse(spec.startWithin());
    }
    if (period == null || period.compareTo(MAX_DEFAULT_START) > 0) {
      return MAX_DEFAULT_START;
    }
    return period.compareTo(MIN_DEFAULT_START) < 0 ? MIN_DEFAULT_START : period;
  }

  static Duration successWithin(ExpectSpec spec, Duration period, Duration startWithin) {
    if (spec != null && spec.successWithin() != null) {
      return Duration.parse(spec.successWithin());
    }
    return period == null ? null : period.multipliedBy(2).plus(startWithin);
  }
}
