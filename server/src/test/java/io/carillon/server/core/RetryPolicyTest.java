package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy retry =
      new RetryPolicy(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(2));

  @Test
  void the_wait_doubles_after_each_failed_attempt_up_to_the_cap() {
    assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(retry.delayAfter(4)).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void max_attempts_counts_the_first_run() {
    assertThat(retry.retriesAfter(4)).isTrue();
    assertThat(retry.retriesAfter(5)).isFalse();
    assertThat(RetryPolicy.NONE.retriesAfter(1)).isFalse();
  }
}
