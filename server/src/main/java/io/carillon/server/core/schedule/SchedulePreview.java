package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

import io.carillon.server.core.FieldError;
import java.time.Clock;
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

  private static final TriggerKey KEY = TriggerKey.triggerKey("preview", "carillon.preview");
  private static final JobKey JOB = JobKey.jobKey("preview", "carillon.preview");

  private final Clock clock;
  private final TriggerFactory triggers;

  public SchedulePreview(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    this.triggers = new TriggerFactory(clock);
  }

  /**
   * Validates the request body of {@code POST /schedules/preview} and previews it.
   *
   * @throws InvalidScheduleException listing the schedule's and the count's errors together
   */
  public List<FireTime> next(ScheduleSpec spec, int count) {
    List<FieldError> errors = new ArrayList<>();
    Schedule schedule = null;
    try {
      schedule = spec.toSchedule(clock);
    } catch (InvalidScheduleException e) {
      errors.addAll(e.errors());
    }
    countError(count).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw new InvalidScheduleException(errors);
    }
    return next(schedule, count);
  }

  /** Up to {@code count} (1 to 100) fire times at or after now; fewer if the schedule ends. */
  public List<FireTime> next(Schedule schedule, int count) {
    countError(count)
        .ifPresent(
            e -> {
              throw new InvalidScheduleException(List.of(e));
            });
    Trigger trigger = triggers.build(KEY, JOB, schedule, MisfirePolicy.DEFAULT);
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
