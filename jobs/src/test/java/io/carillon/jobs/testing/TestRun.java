package io.carillon.jobs.testing;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.OutputSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one job type outside Quartz: validates parameters through a real registry (so tests see the
 * same typed values production does) and records output and result.
 */
public final class TestRun implements JobContext {

  private final JobParameters params;
  private final JobTypeSettings settings;
  private final Clock clock;
  private final StringBuffer output = new StringBuffer();
  private volatile Map<String, ?> result;
  private volatile boolean interrupted;

  private TestRun(JobParameters params, JobTypeSettings settings, Clock clock) {
    this.params = params;
    this.settings = settings;
    this.clock = clock;
  }

  /** A run of {@code type} with parameters validated under {@code settings}. */
  public static TestRun of(
      JobType type, JobTypeSettings settings, Clock clock, Map<String, ?> raw) {
    JobParameters params = new JobTypeRegistry(List.of(type), settings).validate(type.name(), raw);
    return new TestRun(params, settings, clock);
  }

  /** The same parameters, but running under other settings (as after a configuration change). */
  public TestRun under(JobTypeSettings other) {
    return new TestRun(params, other, clock);
  }

  public static TestRun of(JobType type, JobTypeSettings settings, Map<String, ?> raw) {
    return of(type, settings, Clock.systemUTC(), raw);
  }

  public String outputText() {
    return output.toString();
  }

  /** The result the job set, or null. */
  public Map<String, Object> resultMap() {
    return result == null ? null : new java.util.LinkedHashMap<>(result);
  }

  @Override
  public JobParameters params() {
    return params;
  }

  @Override
  public OutputSink output() {
    return output::append;
  }

  @Override
  public void result(Map<String, ?> value) {
    this.result = value;
  }

  @Override
  public boolean isInterrupted() {
    return interrupted;
  }

  @Override
  public String executionId() {
    return "test-execution";
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public Instant scheduledFireTime() {
    return clock.instant();
  }

  @Override
  public String nodeId() {
    return "test-node";
  }

  @Override
  public JobTypeSettings settings() {
    return settings;
  }

  @Override
  public Clock clock() {
    return clock;
  }
}
