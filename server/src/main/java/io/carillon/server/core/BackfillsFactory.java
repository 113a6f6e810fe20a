package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * The {@code backfills:} block of the configuration: how often each node drives backfills, and how
 * many runs a backfill of a job whose overlap is {@code allow} has going at once.
 */
public class BackfillsFactory {
  public static final int DEFAULT_MAX_CONCURRENT = 4;

  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration checkEvery = Duration.seconds(1);

  @Min(1)
  @Max(100)
  private int maxConcurrent = DEFAULT_MAX_CONCURRENT;

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

  @JsonProperty
  public int getMaxConcurrent() {
    return maxConcurrent;
  }

  @JsonProperty
  public void setMaxConcurrent(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }
}
