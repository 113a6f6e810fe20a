package io.carillon.server.core.schedule;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Reads the ISO-8601 {@code every} value. Days and weeks (and anything with a time part) are fixed
 * lengths; months and years are calendar-true. Mixing the two kinds has no single honest meaning
 * (is {@code P1M2D} from 30 January the 1st or the 2nd of April?), so it is refused.
 */
final class IntervalParser {
  static final String FIELD = "schedule.every";
  private static final long MAX_YEARS = 100;
  private static final Duration MAX_FIXED = Duration.ofDays(MAX_YEARS * 366);

  private IntervalParser() {}

  static Interval parse(String iso) {
    String text = iso.strip().toUpperCase(Locale.ROOT);
    int t = text.indexOf('T');
    String datePart = t < 0 ? text : text.substring(0, t);
    boolean calendar = datePart.contains("Y") || datePart.contains("M");
    if (calendar && (t >= 0 || datePart.contains("D") || datePart.contains("W"))) {
      throw invalid("every cannot mix months or years with weeks, days or times: '" + iso + "'");
    }
    try {
      return t < 0 ? fromPeriod(Period.parse(text)) : fixed(Duration.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw invalid(
          "'" + iso + "' is not an ISO-8601 duration such as PT15M, PT6H, P1D, P1W, P1M or P1Y");
    }
  }

  private static Interval fromPeriod(Period period) {
    if (period.isZero() || period.isNegative()) {
      throw positive();
    }
    if (period.getDays() != 0) {
      return fixed(Duration.ofDays(period.getDays()));
    }
    long months = period.toTotalMonths();
    if (months > MAX_YEARS * 12) {
      throw tooLong();
    }
    return period.getMonths() == 0
        ? new CalendarInterval(period.getYears(), ChronoUnit.YEARS)
        : new CalendarInterval((int) months, ChronoUnit.MONTHS);
  }

  private static Interval fixed(Duration exact) {
    // Quartz counts milliseconds.
    Duration length = exact.truncatedTo(ChronoUnit.MILLIS);
    if (length.isZero() || length.isNegative()) {
      throw positive();
    }
    if (length.compareTo(FixedInterval.MINIMUM) < 0) {
      throw invalid("every must be at least 1 second (PT1S)");
    }
    if (length.compareTo(MAX_FIXED) > 0) {
      throw tooLong();
    }
    return new FixedInterval(length);
  }

  private static InvalidScheduleException positive() {
    return invalid("every must be positive");
  }

  private static InvalidScheduleException tooLong() {
    return invalid("every must be at most " + MAX_YEARS + " years");
  }

  private static InvalidScheduleException invalid(String message) {
    return new InvalidScheduleException(FIELD, message);
  }
}
