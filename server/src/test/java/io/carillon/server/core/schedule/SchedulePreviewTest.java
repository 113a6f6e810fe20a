package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulePreviewTest {
  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");

  private static SchedulePreview at(String now) {
    return new SchedulePreview(Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
  }

  private static List<Instant> instants(List<FireTime> times) {
    return times.stream().map(FireTime::at).toList();
  }

  private static List<Instant> instants(String... texts) {
    return java.util.Arrays.stream(texts).map(Instant::parse).toList();
  }

  @Test
  void a_daily_0230_cron_in_zurich_skips_the_spring_forward_day_that_has_no_0230() {
    // 28 March 2027: Zurich jumps from 02:00 to 03:00; Quartz fires nothing that day.
    List<FireTime> times =
        at("2027-03-26T12:00:00Z")
            .next(new CronSchedule("0 30 2 * * ?", ZoneId.of("Europe/Zurich")), 4);
    assertThat(instants(times))
        .containsExactlyElementsOf(
            instants(
                "2027-03-27T01:30:00Z",
                "2027-03-29T00:30:00Z",
                "2027-03-30T00:30:00Z",
                "2027-03-31T00:30:00Z"));
    assertThat(times)
        .extracting(FireTime::local)
        .containsExactly(
            OffsetDateTime.parse("2027-03-27T02:30+01:00"),
            OffsetDateTime.parse("2027-03-29T02:30+02:00"),
            OffsetDateTime.parse("2027-03-30T02:30+02:00"),
            OffsetDateTime.parse("2027-03-31T02:30+02:00"));
  }

  @Test
  void a_0100_cron_in_new_york_runs_once_on_the_fall_back_night_at_the_second_0100() {
    // 7 November 2027: 01:00 happens at 05:00Z (EDT) and again at 06:00Z (EST); Quartz takes
    // the second.
    List<FireTime> times =
        at("2027-11-05T12:00:00Z")
            .next(new CronSchedule("0 0 1 * * ?", ZoneId.of("America/New_York")), 3);
    assertThat(instants(times))
        .containsExactlyElementsOf(
            instants("2027-11-06T05:00:00Z", "2027-11-07T06:00:00Z", "2027-11-08T06:00:00Z"));
    assertThat(times)
        .extracting(FireTime::local)
        .containsExactly(
            OffsetDateTime.parse("2027-11-06T01:00-04:00"),
            OffsetDateTime.parse("2027-11-07T01:00-05:00"),
            OffsetDateTime.parse("2027-11-08T01:00-05:00"));
  }

  @Test
  void a_cron_preview_starts_from_the_injected_clock_not_the_real_now() {
    assertThat(
            instants(
                at("2040-06-01T00:00:30Z")
                    .next(new CronSchedule("0 0 * * * ?", ZoneId.of("UTC")), 2)))
        .containsExactlyElementsOf(instants("2040-06-01T01:00:00Z", "2040-06-01T02:00:00Z"));
  }

  @Test
  void a_fire_time_at_exactly_now_is_included() {
    assertThat(
            instants(
                at("2027-01-15T10:00:00Z")
                    .next(new CronSchedule("0 0 10 * * ?", ZoneId.of("UTC")), 1)))
        .containsExactlyElementsOf(instants("2027-01-15T10:00:00Z"));
  }

  @Test
  void a_monthly_preview_from_31_january_shows_the_last_days_of_short_months() {
    ScheduleSpec spec =
        new ScheduleSpec(null, null, "P1M", Instant.parse("2027-01-31T09:00:00Z"), null, null);
    assertThat(instants(at("2027-01-15T10:00:00Z").next(spec, 4)))
        .containsExactlyElementsOf(
            instants(
                "2027-01-31T09:00:00Z",
                "2027-02-28T09:00:00Z",
                "2027-03-31T09:00:00Z",
                "2027-04-30T09:00:00Z"));
  }

  @Test
  void a_fixed_interval_started_in_the_past_continues_on_its_grid() {
    Schedule schedule =
        new IntervalSchedule(
            new FixedInterval(Duration.ofMinutes(15)), NOW.minus(Duration.ofMinutes(20)), null);
    assertThat(instants(at(NOW.toString()).next(schedule, 2)))
        .containsExactly(NOW.plus(Duration.ofMinutes(10)), NOW.plus(Duration.ofMinutes(25)));
  }

  @Test
  void a_fixed_interval_that_starts_now_fires_now_first() {
    assertThat(instants(at(NOW.toString()).next(ScheduleSpec.every("PT6H"), 3)))
        .containsExactly(NOW, NOW.plus(Duration.ofHours(6)), NOW.plus(Duration.ofHours(12)));
  }

  @Test
  void a_fixed_day_is_24_hours_even_across_daylight_saving() {
    Schedule schedule =
        new IntervalSchedule(
            new FixedInterval(Duration.ofDays(1)), Instant.parse("2027-03-27T08:00:00Z"), null);
    assertThat(at("2027-03-27T00:00:00Z").next(schedule, 2))
        .extracting(FireTime::local)
        .containsExactly(
            OffsetDateTime.parse("2027-03-27T08:00Z"), OffsetDateTime.parse("2027-03-28T08:00Z"));
  }

  @Test
  void a_schedule_that_ends_gives_fewer_times_than_asked() {
    Schedule schedule =
        new IntervalSchedule(
            new FixedInterval(Duration.ofHours(1)), NOW, NOW.plus(Duration.ofMinutes(150)));
    assertThat(instants(at(NOW.toString()).next(schedule, 10)))
        .containsExactly(NOW, NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void a_one_shot_shows_its_instant_until_it_has_passed() {
    Schedule once = new OneShotSchedule(NOW.plusSeconds(60));
    assertThat(instants(at(NOW.toString()).next(once, 5))).containsExactly(NOW.plusSeconds(60));
    assertThat(at(NOW.plusSeconds(61).toString()).next(once, 5)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100})
  void count_may_be_anything_from_1_to_100(int count) {
    assertThat(at(NOW.toString()).next(ScheduleSpec.every("PT1M"), count)).hasSize(count);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void count_outside_1_to_100_is_rejected(int count) {
    assertThatThrownBy(() -> at(NOW.toString()).next(ScheduleSpec.every("PT1M"), count))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError("count", "count must be between 1 and 100, was " + count)));
  }

  @Test
  void a_bad_request_reports_the_schedule_and_the_count_together() {
    assertThatThrownBy(() -> at(NOW.toString()).next(ScheduleSpec.cron("0 0 25 * * ?", null), 0))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("schedule.cron", "count"));
  }
}
