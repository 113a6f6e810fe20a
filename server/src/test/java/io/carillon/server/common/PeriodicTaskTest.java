package io.carillon.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicTaskTest {
  @Test
  void counts_the_rounds_that_completed() {
    AtomicInteger work = new AtomicInteger();
    PeriodicTask task =
        new PeriodicTask("carillon-test", Duration.ofHours(1), "Could not", work::incrementAndGet);

    task.runRound();
    task.runRound();

    assertThat(work.get()).isEqualTo(2);
    assertThat(task.rounds()).isEqualTo(2);
  }

  @Test
  void a_failed_round_is_not_counted_and_does_not_escape() {
    AtomicInteger calls = new AtomicInteger();
    PeriodicTask task =
        new PeriodicTask(
            "carillon-test",
            Duration.ofHours(1),
            "Could not",
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new SQLException("database away");
              }
            });

    task.runRound();
    task.runRound();

    assertThat(calls.get()).isEqualTo(2);
    assertThat(task.rounds()).isEqualTo(1);
  }

  @Test
  void runs_on_a_daemon_thread_of_its_own_name_until_stopped() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Thread> thread = new AtomicReference<>();
    PeriodicTask task =
        new PeriodicTask(
            "carillon-test-loop",
            Duration.ofMillis(1),
            "Could not",
            () -> {
              thread.set(Thread.currentThread());
              ran.countDown();
            });

    task.start();
    try {
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      task.stop();
    }

    assertThat(thread.get().getName()).isEqualTo("carillon-test-loop");
    assertThat(thread.get().isDaemon()).isTrue();
    thread.get().join(10_000);
    assertThat(thread.get().isAlive()).isFalse();
  }

  @Test
  void refuses_an_interval_that_is_not_positive() {
    assertThatThrownBy(
            () -> new PeriodicTask("carillon-test", Duration.ZERO, "Could not", () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
