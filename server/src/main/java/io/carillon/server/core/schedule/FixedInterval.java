package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** An interval of fixed length: {@code P1D} is always 24 hours, DST or not. */
public record FixedInterval(Duration length) implements Interval {
  public static final Duration MINIMUM = Duration.ofSeconds(1);

  public FixedInterval {
    requireNonNull(length, "length");
    if (length.compareTo(MINIMUM) < 0) {
      throw new IllegalArgumentException("an interval must be at least " + MINIMUM);
    }
  }

  @Override
  public String toIso() {
    // Whole days and weeks are shown as the user most likely wrote them, not as PT24H/PT168H.
    if (length.toNanosPart() == 0
        && length.toSecondsPart() == 0
        && length.toHoursPart() == 0
        && length.toMinutesPart() == 0) {
      long days = length.toDays();
      return days % 7 == 0 ? "P" + days / 7 + "W" : "P" + days + "D";
    }
    return length.toString();
  }
}
