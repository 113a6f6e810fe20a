package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.core.definition.ExpectSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private static final Instant CREATED = Instant.parse("2027-03-01T10:00:00Z");

  /** Every {@code period} from midnight of 1 March 2027. */
  private static UnaryOperator<Instant> every(Duration period) {
    Instant origin = Instant.parse("2027-03-01T00:00:00Z");
    return after -> {
      long steps = Duration.between(origin, after).toMillis() / period.toMillis() + 1;
      return origin.plus(period.multipliedBy(steps));
    };
  }

  @Test
  void a_daily_job_must_start_within_five_minutes_and_succeed_within_two_days_and_five_minutes() {
    Instant lastStart = Instant.parse("2027-03-02T00:00:00.040Z");
    Expectations due =
        Expectations.of(null, every(Duration.ofDays(1)), lastStart, CREATED, lastStart, CREATED);

    assertThat(due.expectedAt()).isEqualTo(Instant.parse("2027-03-03T00:00:00Z"));
    assertThat(due.startDeadline()).isEqualTo(Instant.parse("2027-03-03T00:05:00Z"));
    assertThat(due.successDeadline())
        .isEqualTo(lastStart.plus(Duration.ofHours(48).plusMinutes(5)));
  }

  @Test
  void short_periods_get_at_least_a_minute_to_start_and_periods_under_five_minutes_their_own() {
    assertThat(Expectations.startWithin(null, Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(Expectations.startWithin(null, Duration.ofMinutes(3)))
        .isEqualTo(Duration.ofMinutes(3));
    assertThat(Expectations.startWithin(null, Duration.ofHours(1)))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void what_the_job_declares_wins_over_the_defaults() {
    Expectations due =
        Expectations.of(
            new ExpectSpec("PT30S", "PT26H"),
            every(Duration.ofDays(1)),
            null,
            CREATED,
            null,
            CREATED);

    assertThat(due.expectedAt()).isEqualTo(Instant.parse("2027-03-02T00:00:00Z"));
    assertThat(due.startDeadline()).isEqualTo(Instant.parse("2027-03-02T00:00:30Z"));
    assertThat(due.successDeadline())
        .as("never succeeded: counted from its creation")
        .isEqualTo(CREATED.plus(Duration.ofHours(26)));
  }

  @Test
  void a_change_to_the_job_after_its_last_start_moves_the_fire_time_it_is_held_to() {
    Instant changed = Instant.parse("2027-03-05T12:00:00Z");
    Expectations due =
        Expectations.of(
            null,
            every(Duration.ofDays(1)),
            Instant.parse("2027-03-02T00:00:00Z"),
            changed,
            null,
            CREATED);

    assertThat(due.expectedAt()).isEqualTo(Instant.parse("2027-03-06T00:00:00Z"));
  }

  @Test
  void a_job_without_a_schedule_is_held_only_to_a_declared_success() {
    UnaryOperator<Instant> none = after -> null;

    Expectations nothing = Expectations.of(null, none, null, CREATED, null, CREATED);
    Expectations declared =
        Expectations.of(new ExpectSpec(null, "PT1H"), none, null, CREATED, null, CREATED);

    assertThat(nothing).isEqualTo(new Expectations(null, null, null));
    assertThat(declared.startDeadline()).isNull();
    assertThat(declared.successDeadline()).isEqualTo(CREATED.plus(Duration.ofHours(1)));
  }
}
