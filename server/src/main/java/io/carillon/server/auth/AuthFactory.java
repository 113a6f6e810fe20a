package io.carillon.server.auth;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.common.Role;
import io.carillon.server.common.StartupException;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code auth:} block: keys seeded from the configuration, the failed-login brake, and the
 * proxies whose {@code X-Forwarded-For} names the client.
 */
public class AuthFactory {
  @Valid @NotNull private List<ConfiguredKey> keys = new ArrayList<>();

  /** Failed authentications from one address before it is locked out for a while. */
  @Min(1)
  @Max(1000)
  private int failuresBeforeLockout = 10;

  /** An address with no failure for this long starts afresh. */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration failureWindow = Duration.minutes(5);

  /** The longest lockout; each failure past the limit doubles it up to this. */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration maxLockout = Duration.minutes(5);

  /**
   * Addresses or CIDR ranges of the load balancers in front of Carillon, whose X-Forwarded-For is
   * believed. Empty: the header is ignored. One value may hold several, separated by commas (so
   * that one environment variable can set them).
   */
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  @NotNull
  private List<String> trustedProxies = new ArrayList<>();

  /** One entry of {@code auth.keys}: a key an operator chose, stored hashed at start-up. */
  public static class ConfiguredKey {
    @NotNull private String name = "";
    @NotNull private Role role = Role.VIEWER;
    @NotNull private String key = "";

    @JsonProperty
    public String getName() {
      return name;
    }

    @JsonProperty
    public void setName(String name) {
      this.name = name;
    }

    @JsonProperty
    public Role getRole() {
      return role;
    }

    @JsonProperty
    public void setRole(Role role) {
      this.role = role;
    }

    /** Never serialised back: it is a secret. */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public String getKey() {
      return key;
    }

    @JsonProperty
    public void setKey(String key) {
      this.key = key == null ? "" : key.strip();
    }

    @Override
    public String toString() {
      return "ConfiguredKey{name=" + name + ", role=" + role + ", key=<hidden>}";
    }
  }

  public FailedAttempts buildFailedAttempts(Clock clock) {
    return new FailedAttempts(
        clock,
        failuresBeforeLockout,
        java.time.Duration.ofMillis(failureWindow.toMilliseconds()),
        java.time.Duration.ofMillis(maxLockout.toMilliseconds()));
  }

  /** The trusted proxies as address ranges; a value that is not one fails the start. */
  public ClientAddresses buildClientAddresses() {
    List<AddressRange> ranges = new ArrayList<>();
    for (String entry : trustedProxies) {
      for (String value : entry == null ? new String[0] : entry.split(",")) {
        if (value.isBlank()) {
          continue;
        }
        ranges.add(
            AddressRange.parse(value)
                .orElseThrow(
                    () ->
                        new StartupException(
                            "auth.trustedProxies: '"
                                + value.strip()
                                + "' is not an IP address or CIDR range such as 10.0.0.0/8")));
      }
    }
    return new ClientAddresses(ranges);
  }

  @JsonProperty
  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  @JsonProperty
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies == null ? new ArrayList<>() : trustedProxies;
  }

  @JsonProperty
  public List<ConfiguredKey> getKeys() {
    return keys;
  }

  @JsonProperty
  public void setKeys(List<ConfiguredKey> keys) {
    this.keys = keys == null ? new ArrayList<>() : keys;
  }

  @JsonProperty
  public int getFailuresBeforeLockout() {
    return failuresBeforeLockout;
  }

  @JsonProperty
  public void setFailuresBeforeLockout(int failuresBeforeLockout) {
    this.failuresBeforeLockout = failuresBeforeLockout;
  }

  @JsonProperty
  public Duration getFailureWindow() {
    return failureWindow;
  }

  @JsonProperty
  public void setFailureWindow(Duration failureWindow) {
    this.failureWindow = failureWindow;
  }

  @JsonProperty
  public Duration getMaxLockout() {
    return maxLockout;
  }

  @JsonProperty
  public void setMaxLockout(Duration maxLockout) {
    this.maxLockout = maxLockout;
  }
}
