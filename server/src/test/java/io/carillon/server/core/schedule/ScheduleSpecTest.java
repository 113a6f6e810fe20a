package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleSpecTest {
  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Schedule parse(ScheduleSpec spec) {
    return spec.toSchedule(CLOCK);
  }

  private static void assertRejected(ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.errors()).containsExactly(new FieldError(field, message)));
  }

  private static void assertRejected(ScheduleSpec spec, String field, String message) {
    assertRejected(() -> parse(spec), field, message);
  }

  @Test
  void a_cron_with_a_time_zone_becomes_a_cron_schedule_in_that_zone() {
    assertThat(parse(ScheduleSpec.cron("0 0 */6 * * ?", "Europe/Zurich")))
        .isEqualTo(new CronSchedule("0 0 */6 * * ?", ZoneId.of("Europe/Zurich")));
  }

  @Test
  void a_cron_without_a_time_zone_runs_in_utc_not_in_the_jvm_default_zone() {
    assertThat(parse(ScheduleSpec.cron("0 0 1 * * ?", null)))
        .isEqualTo(new CronSchedule("0 0 1 * * ?", ZoneId.of("UTC")));
  }

  @Test
  void a_cron_is_kept_in_the_upper_case_form_quartz_stores() {
    assertThat(((CronSchedule) parse(ScheduleSpec.cron("0 0 9 ? * mon-fri", null))).expression())
        .isEqualTo("0 0 9 ? * MON-FRI");
  }

  @Test
  void a_bad_cron_is_rejected_with_the_quartz_parsers_message_or_one_in_words() {
    assertRejected(
        ScheduleSpec.cron("0 0 25 * * ?", null),
        "schedule.cron",
        "Hour values must be between 0 and 23");
    assertRejected(
        ScheduleSpec.cron("0 0 1 * * *", null),
        "schedule.cron",
        "day-of-month and day-of-week cannot both be '*' (or both set) in Quartz cron; use"
            + " '?' in one, such as 0 0 6 * * ? (or write crontab's five fields: 0 6 * * *)");
  }

  @Test
  void a_cron_that_never_fires_again_is_rejected() {
    assertRejected(
        ScheduleSpec.cron("0 0 0 1 1 ? 2020", null),
        "schedule.cron",
        "cron expression '0 0 0 1 1 ? 2020' never fires after now");
  }

  @Test
  void an_unknown_time_zone_is_rejected_rather_than_silently_becoming_gmt() {
    assertRejected(
        ScheduleSpec.cron("0 0 1 * * ?", "Mars/Base"),
        "schedule.timeZone",
        "unknown time zone 'Mars/Base'");
  }

  @Test
  void a_schedule_needs_exactly_one_form() {
    String message = "exactly one of cron, every or at is required";
    assertRejected(new ScheduleSpec(null, null, null, null, null, null), "schedule", message);
    assertRejected(
        new ScheduleSpec("0 0 1 * * ?", null, "PT1H", null, null, null), "schedule", message);
    assertRejected(new ScheduleSpec(null, null, "PT1H", null, null, NOW), "schedule", message);
  }

  @Test
  void a_time_zone_only_applies_to_cron() {
    assertRejected(
        new ScheduleSpec(null, "Europe/Zurich", "P1D", null, null, null),
        "schedule.timeZone",
        "timeZone only applies to cron");
    assertRejected(
        new ScheduleSpec(null, "UTC", null, null, null, NOW),
        "schedule.timeZone",
        "timeZone only applies to cron");
  }

  @Test
  void start_and_end_only_apply_to_every() {
    assertThatThrownBy(() -> parse(new ScheduleSpec("0 0 1 * * ?", null, null, NOW, NOW, null)))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError("schedule.startAt", "startAt only applies to every"),
                        new FieldError("schedule.endAt", "endAt only applies to every")));
  }

  @Test
  void every_error_is_reported_at_once() {
    assertThatThrownBy(() -> parse(new ScheduleSpec(null, "Mars/Base", "PT0S", null, null, null)))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("schedule.timeZone", "schedule.every"));
  }

  @Test
  void the_exception_is_an_invalid_input_and_its_message_names_the_field() {
    InvalidScheduleException e =
        new InvalidScheduleException("schedule.every", "every must be positive");
    assertThat(e).isInstanceOf(io.carillon.server.common.InvalidInputException.class);
    assertThat(e.getMessage()).isEqualTo("schedule.every: every must be positive");
  }

  @ParameterizedTest
  @CsvSource({
    "PT15M, PT15M",
    "PT6H, PT6H",
    "P1D, P1D",
    "P1W, P1W",
    "PT24H, P1D",
    "P14D, P2W",
    "P1DT12H, PT36H",
    "PT1S, PT1S",
    "PT1.5S, PT1.5S",
    "pt15m, PT15M"
  })
  void days_weeks_and_times_are_fixed_lengths(String every, String shown) {
    IntervalSchedule schedule = (IntervalSchedule) parse(ScheduleSpec.every(every));
    assertThat(schedule.every()).isInstanceOf(FixedInterval.class);
    assertThat(schedule.every().toIso()).isEqualTo(shown);
  }

  @Test
  void a_week_is_seven_times_twenty_four_hours_whatever_daylight_saving_does() {
    assertThat(Interval.parse("P1W")).isEqualTo(new FixedInterval(Duration.ofHours(168)));
  }

  @ParameterizedTest
  @CsvSource({
    "P1M, 1, MONTHS, P1M",
    "P3M, 3, MONTHS, P3M",
    "P1Y, 1, YEARS, P1Y",
    "P1Y6M, 18, MONTHS, P18M",
    "P12M, 12, MONTHS, P12M"
  })
  void months_and_years_are_calendar_true(String every, int amount, ChronoUnit unit, String shown) {
    Interval interval = Interval.parse(every);
    assertThat(interval).isEqualTo(new CalendarInterval(amount, unit));
    assertThat(interval.toIso()).isEqualTo(shown);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "P0D", "P0M", "-PT5M", "P-1M", "PT-1H"})
  void every_must_be_positive(String every) {
    assertRejected(ScheduleSpec.every(every), "schedule.every", "every must be positive");
  }

  @Test
  void every_must_be_at_least_one_second() {
    assertRejected(
        ScheduleSpec.every("PT0.5S"), "schedule.every", "every must be at least 1 second (PT1S)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P101Y", "P1300M", "P40000D", "PT1000000H"})
  void every_must_be_at_most_a_hundred_years(String every) {
    assertRejected(ScheduleSpec.every(every), "schedule.every", "every must be at most 100 years");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P1M2D", "P1MT2H", "P1Y1W", "P1YT1S"})
  void months_or_years_cannot_be_mixed_with_fixed_lengths(String every) {
    assertRejected(
        ScheduleSpec.every(every),
        "schedule.every",
        "every cannot mix months or years with weeks, days or times: '" + every + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"15m", "", "P", "PT", "every hour", "P1.5D", "P9999999999999D"})
  void every_must_be_iso_8601(String every) {
    assertRejected(
        ScheduleSpec.every(every),
        "schedule.every",
        "'" + every + "' is not an ISO-8601 duration such as PT15M, PT6H, P1D, P1W, P1M or P1Y");
  }

  @Test
  void an_interval_starts_now_by_the_injected_clock_unless_told_otherwise() {
    assertThat(parse(ScheduleSpec.every("PT15M")))
        .isEqualTo(new IntervalSchedule(new FixedInterval(Duration.ofMinutes(15)), NOW, null));
  }

  @Test
  void an_interval_keeps_its_start_and_end() {
    Instant start = Instant.parse("2027-02-01T00:00:00Z");
    Instant end = Instant.parse("2027-03-01T00:00:00Z");
    assertThat(parse(new ScheduleSpec(null, null, "P1D", start, end, null)))
        .isEqualTo(new IntervalSchedule(new FixedInterval(Duration.ofDays(1)), start, end));
  }

  @Test
  void the_end_must_be_after_the_start() {
    Instant start = Instant.parse("2027-02-01T00:00:00Z");
    assertRejected(
        new ScheduleSpec(null, null, "P1D", start, start, null),
        "schedule.endAt",
        "endAt must be after startAt");
    assertRejected(
        new ScheduleSpec(null, null, "P1D", null, NOW.minusSeconds(1), null),
        "schedule.endAt",
        "endAt must be after startAt");
  }

  @Test
  void instants_are_kept_to_the_millisecond_quartz_stores() {
    Instant precise = Instant.parse("2027-02-01T00:00:00.123456789Z");
    assertThat(parse(ScheduleSpec.at(precise)))
        .isEqualTo(new OneShotSchedule(Instant.parse("2027-02-01T00:00:00.123Z")));
  }

  @Test
  void an_at_in_the_past_is_accepted_and_left_to_the_misfire_policy() {
    assertThat(parse(ScheduleSpec.at(NOW.minusSeconds(60))))
        .isEqualTo(new OneShotSchedule(NOW.minusSeconds(60)));
  }

  @Test
  void every_accepted_schedule_turns_back_into_the_spec_it_came_from() {
    ScheduleSpec[] specs = {
      ScheduleSpec.cron("0 0 */6 * * ?", "Europe/Zurich"),
      new ScheduleSpec(null, null, "PT15M", NOW, NOW.plusSeconds(3600), null),
      new ScheduleSpec(null, null, "P1W", NOW, null, null),
      new ScheduleSpec(null, null, "P1M", Instant.parse("2027-01-31T09:00:00Z"), null, null),
      new ScheduleSpec(null, null, "P1Y", NOW, null, null),
      ScheduleSpec.at(NOW.plusSeconds(60))
    };
    for (ScheduleSpec spec : specs) {
      Schedule schedule = parse(spec);
      assertThat(ScheduleSpec.from(schedule)).isEqualTo(spec);
      assertThat(parse(schedule.toSpec())).isEqualTo(schedule);
    }
  }
}
