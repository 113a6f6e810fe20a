package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dependencies:} block of the configuration (issue 18 §2): how often each node looks for
 * ended upstream runs to dispatch, how far back it looks, and how long a claim may stay unfinished
 * before another node takes it over even though its node still checks in.
 */
public class DependenciesFactory {
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration checkEvery = Duration.seconds(1);

  // How long the whole cluster may be down and still dispatch the runs that ended just before.
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 7, unit = TimeUnit.DAYS)
  private Duration lookBack = Duration.hours(6);

  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.DAYS)
  private Duration claimTimeout = Duration.minutes(5);

  public java.time.Duration checkInterval() {
    return java.time.Duration.ofMillis(checkEvery.toMilliseconds());
  }

  public java.time.Duration lookBackPeriod() {
    return java.time.Duration.ofMillis(lookBack.toMilliseconds());
  }

  public java.time.Duration claimTimeoutPeriod() {
    return java.time.Duration.ofMillis(claimTimeout.toMilliseconds());
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
  public Duration getLookBack() {
    return lookBack;
  }

  @JsonProperty
  public void setLookBack(Duration lookBack) {
    this.lookBack = lookBack;
  }

  @JsonProperty
  public Duration getClaimTimeout() {
    return claimTimeout;
  }

  @JsonProperty
  public void setClaimTimeout(Duration claimTimeout) {
    this.claimTimeout = claimTimeout;
  }
}
