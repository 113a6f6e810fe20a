package io.carillon.server.core;

import java.time.Instant;

/**
 * The instants the API accepts, in a body or a query: Quartz keeps epoch milliseconds and
 * PostgreSQL's timestamps end in the year 294276, so far-off instants fail deep in the store.
 */
public final class InstantRange {
  public static final Instant EARLIEST = Instant.EPOCH;
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  public static final String RULE = "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

  private InstantRange() {}

  public static boolean contains(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }
}
