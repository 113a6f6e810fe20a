package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.DateBuilder.IntervalUnit;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.TriggerUtils;
import org.quartz.impl.jdbcjobstore.CalendarIntervalTriggerPersistenceDelegate;
import org.quartz.spi.OperableTrigger;

/** "A month is a month": runs stay on their day, clamped to the end of shorter months. */
class ScheduleCalendarTrueTest {
  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  final TriggerFactory triggers = new TriggerFactory(Clock.fixed(NOW, ZoneOffset.UTC));

  private OperableTrigger monthly(int months, String startAt, String endAt) {
    return every(new CalendarInterval(months, ChronoUnit.MONTHS), startAt, endAt);
  }

  private OperableTrigger every(CalendarInterval interval, String startAt, String endAt) {
    Instant end = endAt == null ? null : Instant.parse(endAt);
    Schedule schedule = new IntervalSchedule(interval, Instant.parse(startAt), end);
    return (OperableTrigger)
        triggers.build(
            TriggerKey.triggerKey("t"), JobKey.jobKey("j"), schedule, MisfirePolicy.SKIP);
  }

  /** What the scheduler itself does: first fire time, then triggered() after each fire. */
  private static List<String> fireTimes(OperableTrigger trigger, int count) {
    return TriggerUtils.computeFireTimes(trigger, null, count).stream()
        .map(d -> d.toInstant().toString())
        .toList();
  }

  @Test
  void a_monthly_schedule_from_31_january_runs_on_the_last_day_of_february() {
    assertThat(fireTimes(monthly(1, "2027-01-31T09:00:00Z", null), 2))
        .containsExactly("2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z");
  }

  @Test
  void a_monthly_schedule_from_31_january_is_back_on_the_31st_in_march() {
    assertThat(fireTimes(monthly(1, "2027-01-31T09:00:00Z", null), 7))
        .containsExactly(
            "2027-01-31T09:00:00Z",
            "2027-02-28T09:00:00Z",
            "2027-03-31T09:00:00Z",
            "2027-04-30T09:00:00Z",
            "2027-05-31T09:00:00Z",
            "2027-06-30T09:00:00Z",
            "2027-07-31T09:00:00Z");
  }

  @Test
  void a_monthly_schedule_from_30_january_is_back_on_the_30th_in_march() {
    assertThat(fireTimes(monthly(1, "2027-01-30T09:00:00Z", null), 3))
        .containsExactly("2027-01-30T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-30T09:00:00Z");
  }

  @Test
  void a_monthly_schedule_meets_the_29th_of_february_in_a_leap_year() {
    assertThat(fireTimes(monthly(1, "2028-01-31T00:00:00Z", null), 3))
        .containsExactly("2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z", "2028-03-31T00:00:00Z");
  }

  @Test
  void a_quarterly_schedule_from_31_january_runs_on_the_last_day_of_april() {
    assertThat(fireTimes(monthly(3, "2027-01-31T09:00:00Z", null), 5))
        .containsExactly(
            "2027-01-31T09:00:00Z",
            "2027-04-30T09:00:00Z",
            "2027-07-31T09:00:00Z",
            "2027-10-31T09:00:00Z",
            "2028-01-31T09:00:00Z");
  }

  @Test
  void a_yearly_schedule_from_29_february_returns_to_the_29th_in_the_next_leap_year() {
    assertThat(
            fireTimes(
                every(new CalendarInterval(1, ChronoUnit.YEARS), "2028-02-29T09:00:00Z", null), 5))
        .containsExactly(
            "2028-02-29T09:00:00Z",
            "2029-02-28T09:00:00Z",
            "2030-02-28T09:00:00Z",
            "2031-02-28T09:00:00Z",
            "2032-02-29T09:00:00Z");
  }

  @Test
  void a_monthly_schedule_from_the_15th_stays_on_the_15th() {
    assertThat(fireTimes(monthly(1, "2027-01-15T10:00:00Z", null), 3))
        .containsExactly("2027-01-15T10:00:00Z", "2027-02-15T10:00:00Z", "2027-03-15T10:00:00Z");
  }

  @Test
  void a_calendar_true_schedule_stops_before_its_end() {
    assertThat(fireTimes(monthly(1, "2027-01-31T09:00:00Z", "2027-04-30T09:00:00Z"), 10))
        .containsExactly("2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T09:00:00Z");
  }

  @Test
  void a_calendar_true_schedule_that_starts_later_first_fires_at_its_start() {
    OperableTrigger trigger = monthly(1, "2027-05-31T09:00:00Z", null);
    assertThat(trigger.getFireTimeAfter(Date.from(NOW)))
        .isEqualTo(Date.from(Instant.parse("2027-05-31T09:00:00Z")));
  }

  @Test
  void a_calendar_true_schedule_jumps_straight_to_a_fire_time_far_in_the_future() {
    OperableTrigger trigger = monthly(1, "2027-01-31T09:00:00Z", null);
    assertThat(trigger.getFireTimeAfter(Date.from(Instant.parse("2127-02-28T09:00:00Z"))))
        .isEqualTo(Date.from(Instant.parse("2127-03-31T09:00:00Z")));
  }

  /**
   * The measurement behind CalendarTrueIntervalTrigger; if Quartz fixes this, drop the subclass.
   */
  @Test
  void quartz_own_calendar_interval_trigger_drifts_to_the_28th_after_february() {
    OperableTrigger quartz =
        (OperableTrigger)
            TriggerBuilder.newTrigger()
                .withIdentity("quartz")
                .startAt(Date.from(Instant.parse("2027-01-31T09:00:00Z")))
                .withSchedule(
                    CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                        .withInterval(1, IntervalUnit.MONTH)
                        .inTimeZone(TimeZone.getTimeZone("UTC")))
                .build();
    assertThat(fireTimes(quartz, 4))
        .containsExactly(
            "2027-01-31T09:00:00Z",
            "2027-02-28T09:00:00Z",
            "2027-03-28T09:00:00Z",
            "2027-04-28T09:00:00Z");
  }

  @Test
  void the_jdbc_store_keeps_the_calendar_true_trigger_as_a_blob_not_as_a_plain_calendar_row() {
    OperableTrigger trigger = monthly(1, "2027-01-31T09:00:00Z", null);
    assertThat(new CalendarIntervalTriggerPersistenceDelegate().canHandleTriggerType(trigger))
        .isFalse();
  }

  @Test
  void the_calendar_true_trigger_survives_the_serialization_the_blob_store_uses() throws Exception {
    OperableTrigger trigger = monthly(1, "2027-01-31T09:00:00Z", null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(trigger);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertThat(copy).isInstanceOf(CalendarTrueIntervalTrigger.class);
    assertThat(fireTimes((OperableTrigger) copy, 3))
        .containsExactly("2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T09:00:00Z");
    assertThat(((Trigger) copy).getMisfireInstruction()).isEqualTo(trigger.getMisfireInstruction());
  }

  @Test
  void rebuilding_the_trigger_through_its_trigger_builder_keeps_the_fix() {
    Trigger rebuilt = monthly(1, "2027-01-31T09:00:00Z", null).getTriggerBuilder().build();
    assertThat(rebuilt).isInstanceOf(CalendarTrueIntervalTrigger.class);
    assertThat(fireTimes((OperableTrigger) rebuilt, 3))
        .containsExactly("2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T09:00:00Z");
    assertThat(rebuilt.getMisfireInstruction()).isEqualTo(2);
  }
}
