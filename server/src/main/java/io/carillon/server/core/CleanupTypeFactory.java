package io.carillon.server.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.jobs.CleanupSettings;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code cleanup:} — the directories cleanup jobs may delete in. */
public class CleanupTypeFactory {
  @NotNull private List<String> allowedRoots = new ArrayList<>();

  @JsonProperty
  public List<String> getAllowedRoots() {
    return allowedRoots;
  }

  @JsonProperty
  public void setAllowedRoots(List<String> allowedRoots) {
    this.allowedRoots = allowedRoots == null ? new ArrayList<>() : allowedRoots;
  }

  CleanupSettings settings() {
    return new CleanupSettings(allowedRoots.stream().map(Path::of).toList());
  }
}
