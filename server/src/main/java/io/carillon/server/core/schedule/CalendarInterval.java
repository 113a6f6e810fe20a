package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * A calendar-true interval of whole months or years: a month is a month, not 30 days, and a run due
 * on a day the month lacks happens on its last day.
 */
public record CalendarInterval(int amount, ChronoUnit unit) implements Interval {
  private static final Set<ChronoUnit> UNITS = Set.of(ChronoUnit.MONTHS, ChronoUnit.YEARS);

  public CalendarInterval {
    requireNonNull(unit, "unit");
    if (!UNITS.contains(unit)) {
      throw new IllegalArgumentException("a calendar interval counts months or years: " + unit);
    }
    if (amount < 1) {
      throw new IllegalArgumentException("a calendar interval must be positive: " + amount);
    }
  }

  @Override
  public String toIso() {
    return "P" + amount + (unit == ChronoUnit.YEARS ? "Y" : "M");
  }
}
