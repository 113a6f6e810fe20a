package io.carillon.server.core.schedule;

import io.carillon.server.common.FieldError;
import io.carillon.server.core.InstantRange;
import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.quartz.CronExpression;

/** Turns a {@link ScheduleSpec} into a {@link Schedule}, collecting every error before throwing. */
final class ScheduleParser {
  private final Clock clock;

  private final List<FieldError> errors = new ArrayList<>();

  ScheduleParser(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Schedule parse(ScheduleSpec spec) {
    long forms = Stream.of(spec.cron(), spec.every(), spec.at()).filter(Objects::nonNull).count();
    if (forms != 1) {
      throw new InvalidScheduleException(
          "schedule", "exactly one of cron, every or at is required");
    }
    if (spec.timeZone() != null && spec.cron() == null) {
      reject("schedule.timeZone", "timeZone only applies to cron");
    }
    if (spec.every() == null) {
      if (spec.startAt() != null) {
        reject("schedule.startAt", "startAt only applies to every");
      }
      if (spec.endAt() != null) {
        reject("schedule.endAt", "endAt only applies to every");
      }
    }
    Schedule schedule;
    if (spec.cron() != null) {
      schedule = cron(spec.cron(), spec.timeZone());
    } else if (spec.every() != null) {
      schedule = interval(spec);
    } else {
      schedule = inRange("schedule.at", spec.at()) ? new OneShotSchedule(millis(spec.at())) : null;
    }
    jitter(spec, schedule);
    if (!errors.isEmpty()) {
      throw new InvalidScheduleException(errors);
    }
    return schedule;
  }

  private void jitter(ScheduleSpec spec, Schedule schedule) {
    if (spec.jitter() == null) {
      return;
    }
    String field = "schedule.jitter";
    if (spec.at() != null) {
      reject(field, "jitter only applies to cron and every");
      return;
    }
    java.time.Duration jitter;
    try {
      jitter = java.time.Duration.parse(spec.jitter());
    } catch (java.time.format.DateTimeParseException e) {
      reject(field, "must be an ISO-8601 duration such as PT30S");
      return;
    }
    if (jitter.getNano() != 0
        || jitter.compareTo(Jitter.MIN) < 0
        || jitter.compareTo(Jitter.MAX) > 0) {
      reject(field, "must be whole seconds from " + Jitter.MIN + " to " + Jitter.MAX);
    } else if (schedule instanceof IntervalSchedule interval
        && interval.every() instanceof FixedInterval fixed
        && jitter.compareTo(fixed.length()) > 0) {
      reject(field, "must be at most the interval (" + fixed.length() + ")");
    }
  }

  private CronSchedule cron(String text, String timeZone) {
    ZoneId zone = CronSchedule.DEFAULT_ZONE;
    if (timeZone != null) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        // ZoneId, not TimeZone.getTimeZone: the latter turns any unknown name into GMT silently.
        reject("schedule.timeZone", "unknown time zone '" + timeZone + "'");
        return null;
      }
    }
    CronExpression expression;
    try {
      expression = new CronExpression(UnixCron.toQuartz(text));
    } catch (InvalidScheduleException e) {
      errors.addAll(e.errors());
      return null;
    } catch (ParseException e) {
      reject("schedule.cron", cronMessage(e));
      return null;
    }
    expression.setTimeZone(TimeZone.getTimeZone(zone));
    // Quartz refuses to schedule such a trigger ("will never fire"); say so at validation time.
    if (expression.getTimeAfter(Date.from(clock.instant())) == null) {
      reject("schedule.cron", "cron expression '" + text + "' never fires after now");
      return null;
    }
    // Quartz keeps expressions upper-cased; store that form so that reading back is exact.
    return new CronSchedule(expression.getCronExpression(), zone);
  }

  private IntervalSchedule interval(ScheduleSpec spec) {
    Interval every;
    try {
      every = Interval.parse(spec.every());
    } catch (InvalidScheduleException e) {
      errors.addAll(e.errors());
      return null;
    }
    if (!inRange("schedule.startAt", spec.startAt()) | !inRange("schedule.endAt", spec.endAt())) {
      return null;
    }
    Instant startAt = millis(spec.startAt() != null ? spec.startAt() : clock.instant());
    Instant endAt = spec.endAt() == null ? null : millis(spec.endAt());
    if (endAt != null && !endAt.isAfter(startAt)) {
      reject("schedule.endAt", "endAt must be after startAt");
      return null;
    }
    return new IntervalSchedule(every, startAt, endAt);
  }

  /**
   * Quartz's own message, unless it only wraps one of its bugs ("Illegal cron expression format
   * (java.lang.StringIndexOutOfBoundsException: ...)"): callers get no Java class names.
   */
  private static String cronMessage(ParseException e) {
    String message = e.getMessage();
    if (message != null && message.startsWith("Support for specifying both a day-of-week")) {
      return "day-of-month and day-of-week cannot both be '*' (or both set) in Quartz cron; use"
          + " '?' in one, such as 0 0 6 * * ? (or write crontab's five fields: 0 6 * * *)";
    }
    if (message != null && message.startsWith("Unexpected end of expression")) {
      return "has too few fields: Quartz cron has six or seven (seconds minutes hours"
          + " day-of-month month day-of-week [year]) such as 0 0 3 * * ?, crontab five (0 3 * * *)";
    }
    if (message == null || message.contains("Exception")) {
      return "is not a valid Quartz cron expression: six or seven fields (seconds minutes hours"
          + " day-of-month month day-of-week [year]) such as 0 0 3 * * ?";
    }
    return message;
  }

  /** Quartz keeps epoch milliseconds in a long; far-off instants would overflow it. */
  private boolean inRange(String field, Instant instant) {
    if (instant != null && !InstantRange.contains(instant)) {
      reject(field, InstantRange.RULE);
      return false;
    }
    return true;
  }

  /** Quartz keeps milliseconds; dropping the rest here makes what is stored what is shown. */
  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private void reject(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
