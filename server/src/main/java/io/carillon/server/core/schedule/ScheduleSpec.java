package io.carillon.server.core.schedule;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;

/**
 * A job's {@code schedule} exactly as it arrives in JSON: one of {@code {cron, timeZone}}, {@code
 * {every, startAt, endAt}} or {@code {at}}, and an optional {@code jitter}. Every field is optional
 * until {@link #toSchedule}.
 */
// Instants are ISO-8601 strings whatever the mapper's WRITE_DATES_AS_TIMESTAMPS says.
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleSpec(
    String cron,
    String timeZone,
    String every,
    @Schema(description = IN_RANGE) @JsonFormat(shape = JsonFormat.Shape.STRING) Instant startAt,
    @Schema(description = IN_RANGE) @JsonFormat(shape = JsonFormat.Shape.STRING) Instant endAt,
    @Schema(description = IN_RANGE) @JsonFormat(shape = JsonFormat.Shape.STRING) Instant at,
    @Schema(
            example = "PT30S",
            description =
                "Spreads a herd of jobs with the same schedule: each job fires a stable offset"
                    + " after each fire time, whole seconds in [0, jitter) from its group and"
                    + " name. Cron and every only; PT2S to PT24H, and at most the interval.")
        String jitter) {
  /** A schedule with no jitter. */
  public ScheduleSpec(
      String cron, String timeZone, String every, Instant startAt, Instant endAt, Instant at) {
    this(cron, timeZone, every, startAt, endAt, at, null);
  }

  static final String IN_RANGE =
      "ISO-8601 text, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z; never a number";

  public static ScheduleSpec cron(String cron, String timeZone) {
    return new ScheduleSpec(cron, timeZone, null, null, null, null);
  }

  public static ScheduleSpec every(String every) {
    return new ScheduleSpec(null, null, every, null, null, null);
  }

  public static ScheduleSpec at(Instant at) {
    return new ScheduleSpec(null, null, null, null, null, at);
  }

  /**
   * Validates this spec and returns its typed form; {@code startAt} defaults to the clock's now.
   *
   * @throws InvalidScheduleException listing every field that is wrong
   */
  public Schedule toSchedule(Clock clock) {
    return new ScheduleParser(clock).parse(this);
  }

  /** The jitter as a duration (validated by {@link #toSchedule}); zero when there is none. */
  public java.time.Duration jitterDuration() {
    return jitter == null ? java.time.Duration.ZERO : java.time.Duration.parse(jitter);
  }

  /** The JSON form of an accepted schedule (its defaults filled in). */
  public static ScheduleSpec from(Schedule schedule) {
    return schedule.toSpec();
  }

  /** This schedule, a cron given no time zone getting {@code zone} (the configured default). */
  public ScheduleSpec withDefaultZone(java.time.ZoneId zone) {
    if (cron == null || timeZone != null) {
      return this;
    }
    return new ScheduleSpec(cron, zone.getId(), every, startAt, endAt, at, jitter);
  }
}
