package io.carillon.jobs.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.testing.TestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoopAndSleepJobTypeTest {

  @Test
  void noop_succeeds_without_output_unless_told_to_fail() {
    NoopJobType noop = new NoopJobType();
    TestRun quiet = TestRun.of(noop, JobTypeSettings.defaults(), Map.of());
    noop.run(quiet);
    assertThat(quiet.outputText()).isEmpty();

    assertThatThrownBy(
            () -> noop.run(TestRun.of(noop, JobTypeSettings.defaults(), Map.of("fail", true))))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("failed on purpose (fail: true)");
  }

  @Test
  void sleep_stops_with_interrupted_exception_when_its_thread_is_interrupted() {
    SleepJobType sleep = new SleepJobType();
    TestRun run = TestRun.of(sleep, JobTypeSettings.defaults(), Map.of("duration", "PT10M"));

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> sleep.run(run)).isInstanceOf(InterruptedException.class);
      assertThat(run.resultMap()).isNull();
    } finally {
      Thread.interrupted();
    }
  }
}
