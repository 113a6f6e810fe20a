package io.carillon.server.db;

import java.util.Map;

/** What a job listing is narrowed to; null or empty parts do not narrow. */
public record JobFilter(
    String group, String type, JobState state, Map<String, String> labels, String text) {
  public JobFilter {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static JobFilter none() {
    return new JobFilter(null, null, null, Map.of(), null);
  }
}
