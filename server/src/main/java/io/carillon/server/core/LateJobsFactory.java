package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;

/** The {@code lateJobs:} block of the configuration: how often each node checks for late jobs. */
public class LateJobsFactory {
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration checkEvery = Duration.seconds(30);

  public java.time.Duration checkInterval() {
    return java.time.Duration.ofMillis(checkEvery.toMilliseconds());
  }

  @JsonProperty
  public Duration getCheckEvery() {
    return checkEvery;
  }

  @JsonProperty
  public void setCheckEvery(Duration checkEvery) {
    this.checkEvery = checkEvery;
  }
}
