package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.DailyTimeIntervalScheduleBuilder;
import org.quartz.DateBuilder.IntervalUnit;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

class TriggerFactoryTest {
  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  static final TriggerKey KEY = TriggerKey.triggerKey("listening-patterns", "reports");
  static final JobKey JOB = JobKey.jobKey("listening-patterns", "reports");

  final TriggerFactory triggers = new TriggerFactory(Clock.fixed(NOW, ZoneOffset.UTC));

  private Trigger build(Schedule schedule) {
    return triggers.build(KEY, JOB, schedule, MisfirePolicy.FIRE_NOW);
  }

  @Test
  void a_cron_schedule_becomes_a_cron_trigger_in_its_zone_starting_now() {
    Trigger trigger = build(new CronSchedule("0 0 */6 * * ?", ZoneId.of("Europe/Zurich")));
    assertThat(trigger)
        .isInstanceOfSatisfying(
            CronTrigger.class,
            cron -> {
              assertThat(cron.getCronExpression()).isEqualTo("0 0 */6 * * ?");
              assertThat(cron.getTimeZone()).isEqualTo(TimeZone.getTimeZone("Europe/Zurich"));
            });
    assertThat(trigger.getKey()).isEqualTo(KEY);
    assertThat(trigger.getJobKey()).isEqualTo(JOB);
    assertThat(trigger.getStartTime()).isEqualTo(Date.from(NOW));
  }

  @Test
  void a_fixed_interval_becomes_a_simple_trigger_repeating_for_ever_between_start_and_end() {
    Instant end = NOW.plus(Duration.ofDays(2));
    Trigger trigger =
        build(new IntervalSchedule(new FixedInterval(Duration.ofMinutes(15)), NOW, end));
    assertThat(trigger)
        .isInstanceOfSatisfying(
            SimpleTrigger.class,
            simple -> {
              assertThat(simple.getRepeatInterval()).isEqualTo(Duration.ofMinutes(15).toMillis());
              assertThat(simple.getRepeatCount()).isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
            });
    assertThat(trigger.getStartTime()).isEqualTo(Date.from(NOW));
    assertThat(trigger.getEndTime()).isEqualTo(Date.from(end));
  }

  @Test
  void a_one_shot_becomes_a_simple_trigger_that_fires_once() {
    Instant at = NOW.plusSeconds(3600);
    Trigger trigger = build(new OneShotSchedule(at));
    assertThat(trigger)
        .isInstanceOfSatisfying(
            SimpleTrigger.class, simple -> assertThat(simple.getRepeatCount()).isZero());
    assertThat(trigger.getStartTime()).isEqualTo(Date.from(at));
    assertThat(trigger.getFireTimeAfter(Date.from(at))).isNull();
  }

  @Test
  void months_from_the_28th_or_earlier_use_quartzs_own_calendar_interval_trigger_in_utc() {
    Trigger trigger =
        build(
            new IntervalSchedule(
                new CalendarInterval(3, ChronoUnit.MONTHS),
                Instant.parse("2027-01-28T09:00:00Z"),
                null));
    assertThat(trigger.getClass().getName())
        .isEqualTo("org.quartz.impl.triggers.CalendarIntervalTriggerImpl");
    CalendarIntervalTrigger calendar = (CalendarIntervalTrigger) trigger;
    assertThat(calendar.getRepeatInterval()).isEqualTo(3);
    assertThat(calendar.getRepeatIntervalUnit()).isEqualTo(IntervalUnit.MONTH);
    assertThat(calendar.getTimeZone()).isEqualTo(TimeZone.getTimeZone("UTC"));
  }

  @Test
  void months_from_the_29th_or_later_use_the_calendar_true_trigger() {
    Trigger trigger =
        build(
            new IntervalSchedule(
                new CalendarInterval(1, ChronoUnit.YEARS),
                Instant.parse("2028-02-29T09:00:00Z"),
                null));
    assertThat(trigger).isInstanceOf(CalendarTrueIntervalTrigger.class);
    assertThat(((CalendarIntervalTrigger) trigger).getRepeatIntervalUnit())
        .isEqualTo(IntervalUnit.YEAR);
  }

  @Test
  void job_data_travels_on_the_trigger() {
    JobDataMap data = new JobDataMap();
    data.put("carillon.attempt", "1");
    Trigger trigger = triggers.build(KEY, JOB, new OneShotSchedule(NOW), MisfirePolicy.SKIP, data);
    assertThat(trigger.getJobDataMap().getString("carillon.attempt")).isEqualTo("1");
  }

  @Test
  void every_form_reads_back_from_its_trigger_as_the_schedule_it_was_built_from() {
    Instant end = NOW.plus(Duration.ofDays(365));
    Schedule[] schedules = {
      new CronSchedule("0 0 */6 * * ?", ZoneId.of("Europe/Zurich")),
      new CronSchedule("0 30 2 ? * MON-FRI", ZoneId.of("UTC")),
      new IntervalSchedule(new FixedInterval(Duration.ofMinutes(15)), NOW, null),
      new IntervalSchedule(new FixedInterval(Duration.ofDays(7)), NOW, end),
      new IntervalSchedule(new FixedInterval(Duration.ofMillis(1500)), NOW, null),
      new IntervalSchedule(new CalendarInterval(1, ChronoUnit.MONTHS), NOW, end),
      new IntervalSchedule(
          new CalendarInterval(1, ChronoUnit.MONTHS), Instant.parse("2027-01-31T09:00:00Z"), end),
      new IntervalSchedule(new CalendarInterval(1, ChronoUnit.YEARS), NOW, null),
      new IntervalSchedule(
          new CalendarInterval(2, ChronoUnit.YEARS), Instant.parse("2028-02-29T00:00:00Z"), null),
      new OneShotSchedule(NOW.plusSeconds(90))
    };
    for (Schedule schedule : schedules) {
      assertThat(triggers.scheduleOf(build(schedule))).as("%s", schedule).isEqualTo(schedule);
    }
  }

  @Test
  void json_round_trips_through_a_stored_trigger() {
    ScheduleSpec spec =
        new ScheduleSpec(null, null, "P1M", Instant.parse("2027-01-31T09:00:00Z"), null, null);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Trigger trigger = build(spec.toSchedule(clock));
    assertThat(triggers.scheduleOf(trigger).toSpec()).isEqualTo(spec);
  }

  @Test
  void a_trigger_repeating_a_fixed_number_of_times_is_not_a_carillon_schedule() {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity("x")
            .withSchedule(SimpleScheduleBuilder.repeatMinutelyForTotalCount(3))
            .build();
    assertThatThrownBy(() -> triggers.scheduleOf(trigger))
        .isInstanceOf(UnreadableTriggerException.class)
        .hasMessageContaining("it repeats a fixed number of times");
  }

  @Test
  void a_trigger_type_carillon_never_creates_is_reported_not_guessed() {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity("x")
            .withSchedule(DailyTimeIntervalScheduleBuilder.dailyTimeIntervalSchedule())
            .build();
    assertThatThrownBy(() -> triggers.scheduleOf(trigger))
        .isInstanceOf(UnreadableTriggerException.class)
        .hasMessageContaining("Carillon does not create");
  }
}
