package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2027-01-01T00:00:00Z"));
  private final FailedAttempts attempts =
      new FailedAttempts(clock, 3, Duration.ofMinutes(5), Duration.ofSeconds(10));

  @Test
  void the_allowed_failures_do_not_lock_out() {
    attempts.failed("10.0.0.1");
    attempts.failed("10.0.0.1");

    assertThat(attempts.lockedOut("10.0.0.1")).isEmpty();
  }

  @Test
  void each_failure_past_the_limit_doubles_the_lockout_up_to_the_maximum() {
    for (int i = 0; i < 3; i++) {
      attempts.failed("10.0.0.1");
    }
    assertThat(attempts.lockedOut("10.0.0.1")).contains(Duration.ofSeconds(1));

    attempts.failed("10.0.0.1");
    assertThat(attempts.lockedOut("10.0.0.1")).contains(Duration.ofSeconds(2));
    attempts.failed("10.0.0.1");
    assertThat(attempts.lockedOut("10.0.0.1")).contains(Duration.ofSeconds(4));
    attempts.failed("10.0.0.1");
    attempts.failed("10.0.0.1");
    assertThat(attempts.lockedOut("10.0.0.1")).contains(Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(10));
    assertThat(attempts.lockedOut("10.0.0.1")).isEmpty();
  }

  @Test
  void other_addresses_are_not_affected() {
    for (int i = 0; i < 5; i++) {
      attempts.failed("10.0.0.1");
    }
    assertThat(attempts.lockedOut("10.0.0.2")).isEmpty();
  }

  @Test
  void a_quiet_window_starts_afresh() {
    for (int i = 0; i < 5; i++) {
      attempts.failed("10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(6));

    attempts.failed("10.0.0.1");
    assertThat(attempts.lockedOut("10.0.0.1")).isEmpty();
  }
}
