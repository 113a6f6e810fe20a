package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A backfill: the job, the range, its fire times, how many were started ({@code started}), the run
 * it started last ({@code currentExecutionId}), and its {@code status} (running, done, cancelled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackfillView(
    String id,
    String group,
    String name,
    Instant from,
    Instant to,
    List<Instant> fireTimes,
    int total,
    int started,
    String currentExecutionId,
    String status,
    String requestedBy,
    Instant requestedAt,
    Instant updatedAt) {}
