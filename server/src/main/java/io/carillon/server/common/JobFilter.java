package io.carillon.server.common;

import java.util.Map;

/**
 * What a job listing is narrowed to; null or empty parts do not narrow. {@code late}: only jobs the
 * late-job check holds late (true) or not late (false); {@code calendar}: only jobs naming it.
 */
public record JobFilter(
    String group,
    String type,
    JobState state,
    Map<String, String> labels,
    String text,
    Boolean late,
    String calendar) {
  public JobFilter {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static JobFilter none() {
    return new JobFilter(null, null, null, Map.of(), null, null, null);
  }
}
