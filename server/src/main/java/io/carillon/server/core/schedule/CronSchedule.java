package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import org.quartz.CronExpression;

/** A Quartz cron expression (seconds field included) evaluated in a time zone. */
public record CronSchedule(String expression, ZoneId timeZone) implements Schedule {

  /** Without a zone a cron means UTC, never the JVM default: replicas may disagree on that. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

  public CronSchedule {
    requireNonNull(expression, "expression");
    requireNonNull(timeZone, "timeZone");
    if (!CronExpression.isValidExpression(expression)) {
      throw new IllegalArgumentException("not a Quartz cron expression: " + expression);
    }
  }

  @Override
  public ZoneId zone() {
    return timeZone;
  }

  @Override
  public ScheduleSpec toSpec() {
    return new ScheduleSpec(expression, timeZone.getId(), null, null, null, null);
  }
}
