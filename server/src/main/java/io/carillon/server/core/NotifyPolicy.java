package io.carillon.server.core;

import io.carillon.server.core.definition.NotifySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.quartz.JobDataMap;

/**
 * The channels a job notifies on each event, kept in the Quartz job's data (like {@link RunPolicy})
 * so that the end of a run never has to read Carillon's job table to know whom to tell.
 */
public record NotifyPolicy(
    List<String> onFailure, List<String> onRecovery, List<String> onSuccess) {
  public static final NotifyPolicy NONE = new NotifyPolicy(List.of(), List.of(), List.of());

  static final String ON_FAILURE = "carillon.notify.onFailure";
  static final String ON_RECOVERY = "carillon.notify.onRecovery";
  static final String ON_SUCCESS = "carillon.notify.onSuccess";

  public NotifyPolicy {
    onFailure = List.copyOf(onFailure);
    onRecovery = List.copyOf(onRecovery);
    onSuccess = List.copyOf(onSuccess);
  }

  static NotifyPolicy of(JobDefinition definition) {
    NotifySpec spec = definition.normalised().notifications();
    return spec == null
        ? NONE
        : new NotifyPolicy(spec.onFailure(), spec.onRecovery(), spec.onSuccess());
  }

  // Channel names are [A-Za-z0-9._-], so a comma cannot occur in one.
  Map<String, String> toJobData() {
    return Map.of(
        ON_FAILURE, String.join(",", onFailure),
        ON_RECOVERY, String.join(",", onRecovery),
        ON_SUCCESS, String.join(",", onSuccess));
  }

  /** The channels a job was written with; a job written before notifications has none. */
  public static NotifyPolicy from(JobDataMap data) {
    return new NotifyPolicy(
        names(data, ON_FAILURE), names(data, ON_RECOVERY), names(data, ON_SUCCESS));
  }

  public boolean isEmpty() {
    return onFailure.isEmpty() && onRecovery.isEmpty() && onSuccess.isEmpty();
  }

  private static List<String> names(JobDataMap data, String key) {
    Object value = data.get(key);
    if (value == null || value.toString().isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.toString().split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
