package io.carillon.jobs.basic;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.util.List;

/**
 * Does nothing, quickly: for benchmarks, and (with {@code fail}) for testing retries and alerts.
 */
public final class NoopJobType implements JobType {

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public String description() {
    return "Does nothing; set fail to true to fail on purpose (to try retries and notifications).";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.optional("fail", ParameterType.BOOLEAN, "Fail instead of succeeding.")
            .withDefault(false));
  }

  @Override
  public void run(JobContext context) {
    if (context.params().bool("fail")) {
      throw new JobFailedException("failed on purpose (fail: true)");
    }
  }
}
