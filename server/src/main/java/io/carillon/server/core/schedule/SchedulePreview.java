package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import io.carillon.server.common.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The next fire times of a schedule from the clock's now, computed by the very Quartz trigger that
 * {@link TriggerFactory} would store, so that the preview is what will happen (daylight-saving gaps
 * and repeats included).
 */
public final class SchedulePreview {
  public static final int MAX_COUNT = 100;

  private static final java.util.regex.Pattern JOB_KEY =
      java.util.regex.Pattern.compile(io.carillon.server.core.definition.JobRequest.NAME_PATTERN);
  private static final String KEY_RULE =
      "must be 1-100 characters of A-Z a-z 0-9 . _ -, and not . or ..";

  private static final TriggerKey KEY = TriggerKey.triggerKey("preview", "carillon.preview");
  private static final JobKey JOB = JobKey.jobKey("preview", "carillon.preview");

  private final Clock clock;
  private final TriggerFactory triggers;
  private final java.time.ZoneId defaultZone;

  public SchedulePreview(Clock clock) {
    this(clock, CronSchedule.DEFAULT_ZONE);
  }

  /** {@code defaultZone}: a cron's zone when the request names none. */
  public SchedulePreview(Clock clock, java.time.ZoneId defaultZone) {
    this.clock = requireNonNull(clock, "clock");
    this.triggers = new TriggerFactory(clock);
    this.defaultZone = requireNonNull(defaultZone, "defaultZone");
  }

  /** The schedule as it is previewed and stored: a cron without a zone gets the default one. */
  public ScheduleSpec effective(ScheduleSpec spec) {
    return spec.withDefaultZone(defaultZone);
  }

  /** A cron in Quartz's form (crontab's five fields and macros translated); null for others. */
  public String quartzCron(ScheduleSpec spec) {
    return spec.cron() == null ? null : UnixCron.toQuartz(spec.cron());
  }

  /**
   * Validates the request body of {@code POST /schedules/preview} and previews it.
   *
   * @throws InvalidScheduleException listing the schedule's and the count's errors together
   */
  public List<FireTime> next(ScheduleSpec spec, int count) {
    return preview(spec, count, null, null).fireTimes();
  }

  /**
   * Fire times with the jitter offset of job {@code group/name} in them (null: no jitter), and the
   * ones a calendar skipped among them, each with why.
   */
  public record Preview(List<FireTime> fireTimes, Duration jitterOffset, List<Skipped> skipped) {}

  /** A fire time the schedule has but the calendar excludes. */
  public record Skipped(Instant at, java.time.OffsetDateTime local, String reason) {}

  /** How many excluded fire times a preview walks past before it stops looking. */
  static final int MAX_SKIPPED = 1000;

  /**
   * The same, skipping the times {@code calendar} excludes (null: none), each with the reason
   * {@code why} gives.
   */
  public Preview next(
      ScheduleSpec spec,
      int count,
      String group,
      String name,
      org.quartz.Calendar calendar,
      java.util.function.Function<Instant, String> why) {
    Preview plain = preview(spec, count, group, name);
    if (calendar == null) {
      return plain;
    }
    Schedule schedule = effective(spec).toSchedule(clock);
    Duration offset = plain.jitterOffset() == null ? Duration.ZERO : plain.jitterOffset();
    Trigger trigger = triggers.build(KEY, JOB, schedule, MisfirePolicy.DEFAULT, null, offset);
    List<FireTime> times = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Date next = trigger.getFireTimeAfter(Date.from(clock.instant().minusMillis(1)));
    while (next != null && times.size() < count && skipped.size() < MAX_SKIPPED) {
      Instant at = next.toInstant();
      if (calendar.isTimeIncluded(next.getTime())) {
        times.add(FireTime.of(at, schedule.zone()));
      } else {
        skipped.add(new Skipped(at, at.atZone(schedule.zone()).toOffsetDateTime(), why.apply(at)));
      }
      next = trigger.getFireTimeAfter(next);
    }
    return new Preview(List.copyOf(times), plain.jitterOffset(), List.copyOf(skipped));
  }

  /**
   * The same for job {@code group}/{@code name}: with a {@code schedule.jitter}, its fire times
   * include that job's offset, and {@code name} is required. Every error is reported together.
   */
  public Preview next(ScheduleSpec spec, int count, String group, String name) {
    return preview(spec, count, group, name);
  }

  private Preview preview(ScheduleSpec spec, int count, String group, String name) {
    List<FieldError> errors = new ArrayList<>();
    Schedule schedule = null;
    try {
      schedule = effective(spec).toSchedule(clock);
    } catch (InvalidScheduleException e) {
      errors.addAll(e.errors());
    }
    countError(count).ifPresent(errors::add);
    boolean jittered = spec.jitter() != null;
    String jobGroup = group == null ? "default" : group;
    if (jittered && name == null) {
      errors.add(
          new FieldError("name", "is required with schedule.jitter: the offset is the job's own"));
    }
    if (jittered && name != null && !JOB_KEY.matcher(name).matches()) {
      errors.add(new FieldError("name", KEY_RULE));
    }
    if (jittered && !JOB_KEY.matcher(jobGroup).matches()) {
      errors.add(new FieldError("group", KEY_RULE));
    }
    if (!errors.isEmpty()) {
      throw new InvalidScheduleException(errors);
    }
    Duration offset = jittered ? Jitter.offset(jobGroup, name, spec.jitterDuration()) : null;
    return new Preview(
        fireTimes(schedule, count, offset == null ? Duration.ZERO : offset), offset, List.of());
  }

  /** Up to {@code count} (1 to 100) fire times at or after now; fewer if the schedule ends. */
  public List<FireTime> next(Schedule schedule, int count) {
    return fireTimes(schedule, count, Duration.ZERO);
  }

  private List<FireTime> fireTimes(Schedule schedule, int count, Duration offset) {
    countError(count)
        .ifPresent(
            e -> {
              throw new InvalidScheduleException(List.of(e));
            });
    Trigger trigger = triggers.build(KEY, JOB, schedule, MisfirePolicy.DEFAULT, null, offset);
    List<FireTime> times = new ArrayList<>(count);
    // getFireTimeAfter is strictly after; one millisecond back includes a fire time at now itself.
    Date next = trigger.getFireTimeAfter(Date.from(clock.instant().minusMillis(1)));
    while (next != null && times.size() < count) {
      times.add(FireTime.of(next.toInstant(), schedule.zone()));
      next = trigger.getFireTimeAfter(next);
    }
    return List.copyOf(times);
  }

  private static Optional<FieldError> countError(int count) {
    return count < 1 || count > MAX_COUNT
        ? Optional.of(
            new FieldError("count", "count must be between 1 and " + MAX_COUNT + ", was " + count))
        : Optional.empty();
  }
}
