package io.carillon.server.core;

/** Where a run of a job stands (SPEC §5). */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  INTERRUPTED,
  SKIPPED,
  RECOVERED;

  /** Counted as a failure in the job's counters, and retried when the job has retries left. */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
