package io.carillon.server.core.schedule;

import java.time.ZoneId;

/** A validated schedule: a cron expression, a repeating interval, or a single instant. */
public sealed interface Schedule permits CronSchedule, IntervalSchedule, OneShotSchedule {

  /** The zone its fire times are best shown in (cron: its own; the others are UTC instants). */
  ZoneId zone();

  /** This schedule in its JSON form, so that what was accepted can be shown back. */
  ScheduleSpec toSpec();
}
