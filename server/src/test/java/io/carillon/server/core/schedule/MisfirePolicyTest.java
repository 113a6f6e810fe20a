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
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

class MisfirePolicyTest {
  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  final TriggerFactory triggers = new TriggerFactory(Clock.fixed(NOW, ZoneOffset.UTC));

  static final Schedule CRON = new CronSchedule("0 0 1 * * ?", ZoneId.of("UTC"));
  static final Schedule FIXED =
      new IntervalSchedule(new FixedInterval(Duration.ofMinutes(15)), NOW, null);
  static final Schedule ONE_SHOT = new OneShotSchedule(NOW.plusSeconds(60));
  static final Schedule MONTHLY =
      new IntervalSchedule(new CalendarInterval(1, ChronoUnit.MONTHS), NOW, null);
  static final Schedule MONTHLY_FROM_31ST =
      new IntervalSchedule(
          new CalendarInterval(1, ChronoUnit.MONTHS), Instant.parse("2027-01-31T09:00:00Z"), null);

  private int instruction(Schedule schedule, MisfirePolicy policy) {
    return build(schedule, policy).getMisfireInstruction();
  }

  private Trigger build(Schedule schedule, MisfirePolicy policy) {
    return triggers.build(TriggerKey.triggerKey("t"), JobKey.jobKey("j"), schedule, policy);
  }

  // Expected numbers are Quartz's published constants, written out so that the table is checked.
  @ParameterizedTest
  @CsvSource({"FIRE_NOW, 1", "SKIP, 2", "CATCH_UP, -1"})
  void cron_fire_now_is_fire_once_now_skip_is_do_nothing_and_catch_up_ignores_misfires(
      MisfirePolicy policy, int expected) {
    assertThat(instruction(CRON, policy)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"FIRE_NOW, 2", "SKIP, 4", "CATCH_UP, -1"})
  void a_fixed_interval_reschedules_now_or_at_the_next_time_on_its_grid_or_ignores_misfires(
      MisfirePolicy policy, int expected) {
    assertThat(instruction(FIXED, policy)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"FIRE_NOW, 1", "SKIP, 4", "CATCH_UP, -1"})
  void a_one_shot_fires_now_or_completes_without_running_or_ignores_misfires(
      MisfirePolicy policy, int expected) {
    assertThat(instruction(ONE_SHOT, policy)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"FIRE_NOW, 1", "SKIP, 2", "CATCH_UP, -1"})
  void a_calendar_interval_fires_once_now_or_does_nothing_or_ignores_misfires(
      MisfirePolicy policy, int expected) {
    assertThat(instruction(MONTHLY, policy)).isEqualTo(expected);
    assertThat(instruction(MONTHLY_FROM_31ST, policy)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(MisfirePolicy.class)
  void the_policy_reads_back_from_every_trigger_type(MisfirePolicy policy) {
    for (Schedule schedule : new Schedule[] {CRON, FIXED, ONE_SHOT, MONTHLY, MONTHLY_FROM_31ST}) {
      assertThat(triggers.misfireOf(build(schedule, policy))).as("%s", schedule).isEqualTo(policy);
    }
  }

  @Test
  void quartz_smart_policy_is_not_read_as_any_carillon_policy() {
    Trigger smart =
        TriggerBuilder.newTrigger()
            .withIdentity("smart")
            .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever())
            .startAt(Date.from(NOW))
            .build();
    assertThatThrownBy(() -> triggers.misfireOf(smart))
        .isInstanceOf(UnreadableTriggerException.class)
        .hasMessage(
            "trigger DEFAULT.smart cannot be read as a schedule: misfire instruction 0 is not one"
                + " Carillon sets");
  }

  @Test
  void json_values_are_fire_now_skip_and_catch_up() {
    assertThat(MisfirePolicy.values())
        .extracting(MisfirePolicy::json)
        .containsExactly("fire-now", "skip", "catch-up");
    assertThat(MisfirePolicy.fromJson("skip")).isEqualTo(MisfirePolicy.SKIP);
  }

  @Test
  void an_unknown_policy_names_the_allowed_ones() {
    assertThatThrownBy(() -> MisfirePolicy.fromJson("FIRE_NOW"))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError(
                            "misfire",
                            "unknown misfire policy 'FIRE_NOW'; allowed: fire-now, skip,"
                                + " catch-up")));
  }

  @Test
  void a_job_without_a_policy_fires_now() {
    assertThat(MisfirePolicy.DEFAULT).isEqualTo(MisfirePolicy.FIRE_NOW);
  }
}
