package io.carillon.server.common;

import java.time.Instant;

/** One execution as stored, without its output (which is read on its own). */
public record ExecutionRow(
    long seq,
    String id,
    String jobGroup,
    String jobName,
    String nodeId,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs,
    String status,
    String trigger,
    int attempt,
    String error,
    String resultJson,
    boolean outputTruncated,
    Instant interruptRequestedAt) {}
