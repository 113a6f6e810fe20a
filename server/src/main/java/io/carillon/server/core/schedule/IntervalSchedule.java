package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Runs every {@code every} from {@code startAt} (inclusive) until {@code endAt}, if given. */
public record IntervalSchedule(Interval every, Instant startAt, Instant endAt) implements Schedule {
  public IntervalSchedule {
    requireNonNull(every, "every");
    requireNonNull(startAt, "startAt");
    if (endAt != null && !endAt.isAfter(startAt)) {
      throw new IllegalArgumentException("endAt must be after startAt");
    }
  }

  /** Calendar arithmetic for months and years is done in UTC, the same on every replica. */
  @Override
  public ZoneId zone() {
    return ZoneOffset.UTC;
  }

  @Override
  public ScheduleSpec toSpec() {
    return new ScheduleSpec(null, null, every.toIso(), startAt, endAt, null);
  }
}
