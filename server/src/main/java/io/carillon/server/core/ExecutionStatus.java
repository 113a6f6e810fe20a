package io.carillon.server.core;

/** Where a run of a job stands (SPEC §5). */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  INTERRUPTED,
  SKIPPED,
  RECOVERED
}
