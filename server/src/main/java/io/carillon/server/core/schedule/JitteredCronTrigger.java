package io.carillon.server.core.schedule;

import java.text.ParseException;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.ScheduleBuilder;
import org.quartz.impl.triggers.CronTriggerImpl;
import org.quartz.spi.MutableTrigger;

/**
 * A cron trigger whose every fire time is its expression's plus a fixed offset (a job's {@link
 * Jitter}): {@code 0 0 0 * * ?} with 17 s fires at 00:00:17. Everything Quartz computes goes
 * through {@link #getFireTimeAfter}, so first fire, triggering and misfires all see the offset.
 *
 * <p>{@link #hasAdditionalProperties()} is true so that Quartz's cron persistence delegate does not
 * claim it (it would load back without the offset); {@link JitteredCronPersistenceDelegate} stores
 * it as a readable row.
 */
final class JitteredCronTrigger extends CronTriggerImpl {
  private static final long serialVersionUID = 1L;

  private long offsetMillis;

  long offsetMillis() {
    return offsetMillis;
  }

  @Override
  public Date getFireTimeAfter(Date afterTime) {
    Date after = afterTime == null ? new Date() : afterTime;
    Date next = super.getFireTimeAfter(new Date(after.getTime() - offsetMillis));
    return next == null ? null : new Date(next.getTime() + offsetMillis);
  }

  @Override
  public Date getFinalFireTime() {
    Date last = super.getFinalFireTime();
    return last == null ? null : new Date(last.getTime() + offsetMillis);
  }

  @Override
  public boolean hasAdditionalProperties() {
    return true;
  }

  @Override
  public ScheduleBuilder<CronTrigger> getScheduleBuilder() {
    return new Builder(getCronExpression(), getTimeZone(), offsetMillis, getMisfireInstruction());
  }

  /** Builds this trigger through Quartz's {@code TriggerBuilder}. */
  static final class Builder extends ScheduleBuilder<CronTrigger> {
    private final String expression;
    private final TimeZone zone;
    private final long offsetMillis;
    private final int misfireInstruction;

    Builder(String expression, TimeZone zone, long offsetMillis, int misfireInstruction) {
      this.expression = expression;
      this.zone = zone;
      this.offsetMillis = offsetMillis;
      this.misfireInstruction = misfireInstruction;
    }

    @Override
    protected MutableTrigger build() {
      JitteredCronTrigger trigger = new JitteredCronTrigger();
      try {
        trigger.setCronExpression(expression);
      } catch (ParseException e) {
        // Validated before any trigger is built; a stored one was valid when it was written.
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      trigger.setTimeZone(zone);
      trigger.offsetMillis = offsetMillis;
      trigger.setMisfireInstruction(misfireInstruction);
      return trigger;
    }
  }

  /** For TriggerFactory: the same form Quartz's builder makes, with the offset. */
  static ScheduleBuilder<CronTrigger> schedule(String expression, TimeZone zone, long offset) {
    return offset == 0
        ? CronScheduleBuilder.cronSchedule(expression).inTimeZone(zone)
        : new Builder(expression, zone, offset, CronTrigger.MISFIRE_INSTRUCTION_SMART_POLICY);
  }
}
