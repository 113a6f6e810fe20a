package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.DateBuilder.IntervalUnit;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.spi.MutableTrigger;

/**
 * Builds the Quartz trigger for a {@link Schedule} and {@link MisfirePolicy}, and reads a stored
 * trigger back into them, so that a job's schedule needs no table of its own.
 *
 * <p>Trigger forms: cron → {@code CronTrigger}; fixed {@code every} → {@code SimpleTrigger}
 * repeating for ever; {@code at} → {@code SimpleTrigger} firing once; months and years → {@code
 * CalendarIntervalTrigger} in UTC, or {@link CalendarTrueIntervalTrigger} when the start day is
 * after the 28th (where Quartz's own would drift).
 */
public final class TriggerFactory {
  private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);
  private static final int LAST_DAY_EVERY_MONTH_HAS = 28;

  private final Clock clock;

  public TriggerFactory(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  public Trigger build(TriggerKey key, JobKey job, Schedule schedule, MisfirePolicy misfire) {
    return build(key, job, schedule, misfire, null);
  }

  /** The trigger to hand to {@code Scheduler.scheduleJob}; {@code data} may be null. */
  public Trigger build(
      TriggerKey key, JobKey job, Schedule schedule, MisfirePolicy misfire, JobDataMap data) {
    return build(key, job, schedule, misfire, data, Duration.ZERO);
  }

  /**
   * The same, every fire time shifted by {@code offset} (a job's {@link Jitter}): a cron trigger
   * becomes a {@link JitteredCronTrigger}, an interval starts that much later.
   */
  public Trigger build(
      TriggerKey key,
      JobKey job,
      Schedule schedule,
      MisfirePolicy misfire,
      JobDataMap data,
      Duration offset) {
    return build(key, job, schedule, misfire, data, offset, null);
  }

  /** The same, skipping the times the Quartz calendar {@code calendar} (null: none) excludes. */
  public Trigger build(
      TriggerKey key,
      JobKey job,
      Schedule schedule,
      MisfirePolicy misfire,
      JobDataMap data,
      Duration offset,
      String calendarName) {
    requireNonNull(misfire, "misfire");
    TriggerBuilder<Trigger> base =
        TriggerBuilder.newTrigger().withIdentity(key).forJob(job).modifiedByCalendar(calendarName);
    if (data != null && !data.isEmpty()) {
      base.usingJobData(data);
    }
    if (schedule instanceof CronSchedule cron) {
      ScheduleBuilder<CronTrigger> form =
          JitteredCronTrigger.schedule(
              cron.expression(), TimeZone.getTimeZone(cron.timeZone()), offset.toMillis());
      // A cron trigger starts "now"; the injected clock keeps that testable.
      Trigger trigger = base.withSchedule(form).startAt(Date.from(clock.instant())).build();
      return withMisfire(trigger, MisfireInstructions.forCron(misfire));
    }
    if (schedule instanceof OneShotSchedule once) {
      Trigger trigger =
          base.withSchedule(SimpleScheduleBuilder.simpleSchedule())
              .startAt(date(once.at()))
              .build();
      return withMisfire(trigger, MisfireInstructions.forOneShot(misfire));
    }
    IntervalSchedule interval = (IntervalSchedule) schedule;
    base.startAt(date(interval.startAt().plus(offset))).endAt(date(interval.endAt()));
    if (interval.every() instanceof FixedInterval fixed) {
      SimpleScheduleBuilder form =
          SimpleScheduleBuilder.simpleSchedule()
              .withIntervalInMilliseconds(fixed.length().toMillis())
              .repeatForever();
      return withMisfire(
          base.withSchedule(form).build(), MisfireInstructions.forRepeatingSimple(misfire));
    }
    CalendarInterval calendar = (CalendarInterval) interval.every();
    int instruction = MisfireInstructions.forCalendarInterval(misfire);
    return withMisfire(
        base.withSchedule(calendarForm(calendar, interval.startAt().plus(offset), instruction))
            .build(),
        instruction);
  }

  private static ScheduleBuilder<CalendarIntervalTrigger> calendarForm(
      CalendarInterval calendar, Instant startAt, int instruction) {
    IntervalUnit unit =
        calendar.unit() == ChronoUnit.YEARS ? IntervalUnit.YEAR : IntervalUnit.MONTH;
    if (startAt.atZone(ZoneOffset.UTC).getDayOfMonth() > LAST_DAY_EVERY_MONTH_HAS) {
      return new CalendarTrueIntervalTrigger.Builder(calendar.amount(), unit, UTC, instruction);
    }
    // Up to the 28th no month clamps the day, so Quartz's own trigger is exact.
    return CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
        .withInterval(calendar.amount(), unit)
        .inTimeZone(UTC);
  }

  /** The schedule a stored trigger runs, as {@link #build} made it. */
  public Schedule scheduleOf(Trigger trigger) {
    Instant start = trigger.getStartTime().toInstant();
    Instant end = trigger.getEndTime() == null ? null : trigger.getEndTime().toInstant();
    if (trigger instanceof CronTrigger cron) {
      return new CronSchedule(cron.getCronExpression(), cron.getTimeZone().toZoneId());
    }
    if (trigger instanceof CalendarIntervalTrigger calendar) {
      ChronoUnit unit =
          switch (calendar.getRepeatIntervalUnit()) {
            case MONTH -> ChronoUnit.MONTHS;
            case YEAR -> ChronoUnit.YEARS;
            default -> throw new UnreadableTriggerException(trigger, "unit is not months or years");
          };
      return new IntervalSchedule(
          new CalendarInterval(calendar.getRepeatInterval(), unit), start, end);
    }
    if (trigger instanceof SimpleTrigger simple) {
      if (simple.getRepeatCount() == 0) {
        return new OneShotSchedule(start);
      }
      if (simple.getRepeatCount() == SimpleTrigger.REPEAT_INDEFINITELY) {
        Duration length = Duration.ofMillis(simple.getRepeatInterval());
        return new IntervalSchedule(new FixedInterval(length), start, end);
      }
      throw new UnreadableTriggerException(trigger, "it repeats a fixed number of times");
    }
    throw new UnreadableTriggerException(trigger, "Carillon does not create " + trigger.getClass());
  }

  /** The misfire policy a stored trigger was built with. */
  public MisfirePolicy misfireOf(Trigger trigger) {
    return MisfireInstructions.of(trigger);
  }

  // The builders' named misfire methods would repeat the table in MisfireInstructions; every
  // trigger TriggerBuilder makes is a MutableTrigger, so the number is set from the table instead.
  private static Trigger withMisfire(Trigger trigger, int instruction) {
    ((MutableTrigger) trigger).setMisfireInstruction(instruction);
    return trigger;
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }
}
