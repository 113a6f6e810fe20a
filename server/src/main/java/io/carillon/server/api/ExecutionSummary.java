package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A job's last finished execution, as shown in the job view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionSummary(
    String id, String status, Instant startedAt, Instant finishedAt, Long durationMs) {}
