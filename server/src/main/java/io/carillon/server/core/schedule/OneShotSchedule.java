package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A single run at an instant. */
public record OneShotSchedule(Instant at) implements Schedule {
  public OneShotSchedule {
    requireNonNull(at, "at");
  }

  @Override
  public ZoneId zone() {
    return ZoneOffset.UTC;
  }

  @Override
  public ScheduleSpec toSpec() {
    return new ScheduleSpec(null, null, null, null, null, at);
  }
}
