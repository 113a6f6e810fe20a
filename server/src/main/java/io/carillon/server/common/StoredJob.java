package io.carillon.server.common;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code carillon_job} with its labels: the job as Carillon stores it. {@code incarnation}
 * tells this job from an earlier one deleted under the same key; its runs carry it. {@code
 * calendar}: the calendar its definition names (null: none), kept beside it to find a calendar's
 * jobs.
 */
public record StoredJob(
    String group,
    String name,
    String type,
    String description,
    String definitionJson,
    String scheduleKind,
    boolean enabled,
    long version,
    String source,
    Map<String, String> labels,
    Instant createdAt,
    Instant updatedAt,
    String incarnation,
    String calendar) {

  public StoredJob {
    labels = Map.copyOf(labels);
  }

  /** The same job with its labels, which are read by a separate query. */
  public StoredJob withLabels(Map<String, String> labels) {
    return new StoredJob(
        group,
        name,
        type,
        description,
        definitionJson,
        scheduleKind,
        enabled,
        version,
        source,
        labels,
        createdAt,
        updatedAt,
        incarnation,
        calendar);
  }
}
