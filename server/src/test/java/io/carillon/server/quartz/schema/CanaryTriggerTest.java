package io.carillon.server.quartz.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.quartz.schema.CanaryDao.CanaryTrigger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanaryTriggerTest {
  private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void its_age_counts_from_the_last_fire() {
    CanaryTrigger canary = new CanaryTrigger(CREATED.plusSeconds(50), CREATED, "WAITING");

    assertThat(canary.age(CREATED.plusSeconds(57))).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void before_its_first_fire_its_age_counts_from_its_creation() {
    CanaryTrigger canary = new CanaryTrigger(null, CREATED, "WAITING");

    assertThat(canary.age(CREATED.plusSeconds(4))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void a_fire_time_ahead_of_this_clock_is_age_zero() {
    CanaryTrigger canary = new CanaryTrigger(CREATED.plusSeconds(2), CREATED, "WAITING");

    assertThat(canary.age(CREATED)).isEqualTo(Duration.ZERO);
  }
}
