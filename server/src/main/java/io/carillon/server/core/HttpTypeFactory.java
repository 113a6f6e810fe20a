package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.HttpSettings;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** {@code http:} — destinations allowed or denied beyond the built-in refusals. */
public class HttpTypeFactory {
  @NotNull private List<String> allowed = new ArrayList<>();
  @NotNull private List<String> denied = new ArrayList<>();

  @JsonProperty
  public List<String> getAllowed() {
    return allowed;
  }

  @JsonProperty
  public void setAllowed(List<String> allowed) {
    this.allowed = allowed == null ? new ArrayList<>() : allowed;
  }

  @JsonProperty
  public List<String> getDenied() {
    return denied;
  }

  @JsonProperty
  public void setDenied(List<String> denied) {
    this.denied = denied == null ? new ArrayList<>() : denied;
  }

  HttpSettings settings() {
    return HttpSettings.of(allowed, denied);
  }
}
