package io.carillon.server.common;

import java.time.Instant;

/**
 * Which executions a listing shows; null fields do not filter. {@code incarnation} keeps a job's
 * history to the runs of that job, not of an earlier one deleted under the same name.
 */
public record ExecutionFilter(
    String status, String group, String job, Instant since, String incarnation) {

  /** Executions across jobs (any incarnation). */
  public ExecutionFilter(String status, String group, String job, Instant since) {
    this(status, group, job, since, null);
  }
}
