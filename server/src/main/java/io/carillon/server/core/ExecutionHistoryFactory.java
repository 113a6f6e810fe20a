package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.JobRevisionDao;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** The {@code executions:} block of the configuration: how much history is kept. */
public class ExecutionHistoryFactory {
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration maxAge = Duration.days(30);

  @Min(1)
  @Max(1_000_000)
  private int maxPerJob = 1000;

  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration pruneInterval = Duration.hours(1);

  public ExecutionPruner build(ExecutionDao executions, Clock clock) {
    return build(executions, clock, io.dropwizard.jackson.Jackson.newObjectMapper());
  }

  /** {@code json}: the application's mapper, to read jobs' own history limits. */
  public ExecutionPruner build(
      ExecutionDao executions, Clock clock, com.fasterxml.jackson.databind.ObjectMapper json) {
    return build(executions, null, clock, json);
  }

  /** The same, pruning the job revisions no kept run needs after the history. */
  public ExecutionPruner build(
      ExecutionDao executions,
      JobRevisionDao revisions,
      Clock clock,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    return new ExecutionPruner(
        executions,
        revisions,
        clock,
        java.time.Duration.ofMillis(maxAge.toMilliseconds()),
        maxPerJob,
        java.time.Duration.ofMillis(pruneInterval.toMilliseconds()),
        json);
  }

  @JsonProperty
  public Duration getMaxAge() {
    return maxAge;
  }

  @JsonProperty
  public void setMaxAge(Duration maxAge) {
    this.maxAge = maxAge;
  }

  @JsonProperty
  public int getMaxPerJob() {
    return maxPerJob;
  }

  @JsonProperty
  public void setMaxPerJob(int maxPerJob) {
    this.maxPerJob = maxPerJob;
  }

  @JsonProperty
  public Duration getPruneInterval() {
    return pruneInterval;
  }

  @JsonProperty
  public void setPruneInterval(Duration pruneInterval) {
    this.pruneInterval = pruneInterval;
  }
}
