package io.carillon.server.common;

/** Where a run of a job stands (SPEC §5). */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  INTERRUPTED,
  SKIPPED,
  /** Cut off by the death of its node; the job requests recovery, so it runs again elsewhere. */
  RECOVERED,
  /** Cut off by the death of its node; the job does not request recovery, so nothing reruns it. */
  ABANDONED;

  /**
   * Counted as a failure in the job's counters, and retried when the job has retries left. A run
   * cut off by a dead node is not: the job did not fail, and recovery (or its absence) is the job's
   * own choice.
   */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
