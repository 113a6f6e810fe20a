package io.carillon.server.core.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** One upcoming fire time: the instant, and the same moment on the schedule's wall clock. */
public record FireTime(Instant at, OffsetDateTime local) {
  static FireTime of(Instant at, ZoneId zone) {
    return new FireTime(at, at.atZone(zone).toOffsetDateTime());
  }
}
