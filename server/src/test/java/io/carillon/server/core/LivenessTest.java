package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @Test
  void a_node_is_alive_until_its_interval_plus_seven_and_a_half_seconds_have_passed() {
    Liveness liveness = new Liveness(NOW, NOW.minusSeconds(1));

    assertThat(liveness.isAlive(NOW.minusMillis(12_500), INTERVAL)).isTrue();
    assertThat(liveness.isAlive(NOW.minusMillis(12_501), INTERVAL)).isFalse();
  }

  @Test
  void a_judge_that_itself_checked_in_long_ago_gives_the_others_as_long() {
    // Quartz's rule: a node that was itself paused for 20 s does not declare the others dead for
    // having been silent as long as it was.
    Liveness liveness = new Liveness(NOW, NOW.minusSeconds(20));

    assertThat(liveness.isAlive(NOW.minusSeconds(27), INTERVAL)).isTrue();
    assertThat(liveness.isAlive(NOW.minusSeconds(28), INTERVAL)).isFalse();
  }

  @Test
  void a_node_that_never_checked_in_is_not_alive() {
    assertThat(new Liveness(NOW, null).isAlive(null, INTERVAL)).isFalse();
  }
}
