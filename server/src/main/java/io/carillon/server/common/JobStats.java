package io.carillon.server.common;

import java.time.Instant;

/**
 * A job's run counters and last run, kept on its row as runs finish, so reading them is O(1); and
 * the start of the last run's error when it did not succeed ({@code lastError}, else null).
 */
public record JobStats(
    long executions,
    long failures,
    long misfires,
    String lastExecutionId,
    String lastStatus,
    Instant lastStartedAt,
    Instant lastFinishedAt,
    Long lastDurationMs,
    String lastError) {
  /** How much of the last run's error is read for {@code lastError}. */
  public static final int ERROR_CHARS = 1000;

  public JobStats withLastError(String error) {
    return new JobStats(
        executions,
        failures,
        misfires,
        lastExecutionId,
        lastStatus,
        lastStartedAt,
        lastFinishedAt,
        lastDurationMs,
        error);
  }
}
