package io.carillon.server.core.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.DateBuilder.IntervalUnit;
import org.quartz.ScheduleBuilder;
import org.quartz.impl.triggers.CalendarIntervalTriggerImpl;
import org.quartz.spi.MutableTrigger;

/**
 * A monthly or yearly Quartz trigger that stays on its day of the month.
 *
 * <p>Quartz's own {@link CalendarIntervalTriggerImpl} walks from the start time by adding one
 * interval at a time to a {@code java.util.Calendar}, so once a short month clamps the day it never
 * comes back: every month from 31 January gives 28 February, 28 March, 28 April… and every year
 * from 29 February gives 28 February for ever (measured on Quartz 2.5.2, pinned by a test). This
 * subclass computes the n-th fire time as {@code start + n × interval} with {@code java.time},
 * which clamps each month separately: 31 January, 28 February, 31 March, 30 April…
 *
 * <p>{@link #hasAdditionalProperties()} is true so that Quartz's calendar-interval persistence
 * delegate does not claim it (it would load back as Quartz's drifting class); {@link
 * CalendarTrueTriggerPersistenceDelegate} stores it instead, or, if that is not registered, the
 * JDBC store falls back to a serialized BLOB trigger.
 *
 * <p>{@link TriggerFactory} uses it only when a start day after the 28th makes the difference.
 */
final class CalendarTrueIntervalTrigger extends CalendarIntervalTriggerImpl {
  private static final long serialVersionUID = 1L;

  @Override
  protected Date getFireTimeAfter(Date afterTime, boolean ignoreEndTime) {
    Instant after = (afterTime == null ? new Date() : afterTime).toInstant();
    Instant end = getEndTime() == null ? null : getEndTime().toInstant();
    if (!ignoreEndTime && end != null && !end.isAfter(after)) {
      return null;
    }
    if (after.isBefore(getStartTime().toInstant())) {
      return getStartTime();
    }
    Instant next;
    try {
      next = nthAfter(after);
    } catch (DateTimeException | ArithmeticException e) {
      return null; // beyond what java.time or Date can represent: never fires again
    }
    if (!ignoreEndTime && end != null && !end.isAfter(next)) {
      return null;
    }
    return Date.from(next);
  }

  private Instant nthAfter(Instant after) {
    ChronoUnit unit =
        getRepeatIntervalUnit() == IntervalUnit.YEAR ? ChronoUnit.YEARS : ChronoUnit.MONTHS;
    ZonedDateTime start = getStartTime().toInstant().atZone(getTimeZone().toZoneId());
    long step = getRepeatInterval();
    // Jump close to the answer, then walk: between() can be one short after a clamped month.
    long n = Math.max(0, unit.between(start, after.atZone(start.getZone())) / step - 1);
    ZonedDateTime candidate = start.plus(n * step, unit);
    while (!candidate.toInstant().isAfter(after)) {
      n++;
      candidate = start.plus(n * step, unit);
    }
    return candidate.toInstant();
  }

  @Override
  public boolean hasAdditionalProperties() {
    return true;
  }

  /** Keeps {@code getTriggerBuilder()} (used by reschedule code) from losing the fix. */
  @Override
  public ScheduleBuilder<CalendarIntervalTrigger> getScheduleBuilder() {
    return new Builder(
        getRepeatInterval(), getRepeatIntervalUnit(), getTimeZone(), getMisfireInstruction());
  }

  /** Builds this trigger through Quartz's {@code TriggerBuilder}. */
  static final class Builder extends ScheduleBuilder<CalendarIntervalTrigger> {
    private final int amount;
    private final IntervalUnit unit;
    private final TimeZone zone;
    private final int misfireInstruction;

    Builder(int amount, IntervalUnit unit, TimeZone zone, int misfireInstruction) {
      if (unit != IntervalUnit.MONTH && unit != IntervalUnit.YEAR) {
        throw new IllegalArgumentException("months or years only: " + unit);
      }
      this.amount = amount;
      this.unit = unit;
      this.zone = zone;
      this.misfireInstruction = misfireInstruction;
    }

    @Override
    protected MutableTrigger build() {
      CalendarTrueIntervalTrigger trigger = new CalendarTrueIntervalTrigger();
      trigger.setRepeatInterval(amount);
      trigger.setRepeatIntervalUnit(unit);
      trigger.setTimeZone(zone);
      trigger.setMisfireInstruction(misfireInstruction);
      return trigger;
    }
  }
}
