package io.carillon.jobs.basic;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Waits for a while and succeeds: for tests of overlap, timeouts, interrupts and draining. */
public final class SleepJobType implements JobType {

  @Override
  public String name() {
    return "sleep";
  }

  @Override
  public String description() {
    return "Waits for the given duration, then succeeds; stops early when interrupted.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.optional("duration", ParameterType.DURATION, "How long to wait.")
            .withDefault("PT1S"));
  }

  @Override
  public void run(JobContext context) throws InterruptedException {
    Duration duration = context.params().duration("duration");
    // Real waiting is this type's purpose; an interrupt ends it with InterruptedException.
    Thread.sleep(duration.toMillis());
    context.result(Map.of("sleptMs", duration.toMillis()));
  }
}
