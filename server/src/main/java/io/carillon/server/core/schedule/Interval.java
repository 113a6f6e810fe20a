package io.carillon.server.core.schedule;

/** How far apart the runs of an {@link IntervalSchedule} are. */
public sealed interface Interval permits FixedInterval, CalendarInterval {

  /** The ISO-8601 form shown in JSON, e.g. {@code PT15M}, {@code P1W}, {@code P1M}. */
  String toIso();

  /** Parses the JSON {@code every} value; see {@link IntervalParser} for what is accepted. */
  static Interval parse(String iso) {
    return IntervalParser.parse(iso);
  }
}
