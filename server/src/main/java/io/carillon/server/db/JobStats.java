package io.carillon.server.db;

import java.time.Instant;

/** A job's run counters and last run, kept on its row as runs finish, so reading them is O(1). */
public record JobStats(
    long executions,
    long failures,
    long misfires,
    String lastExecutionId,
    String lastStatus,
    Instant lastStartedAt,
    Instant lastFinishedAt,
    Long lastDurationMs) {}
