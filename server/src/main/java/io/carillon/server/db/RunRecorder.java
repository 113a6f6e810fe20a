package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.TriggerKind;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Carillon's history of runs: every start, skip, misfire and end, written to {@code
 * carillon_execution} and the per-job counters on {@code carillon_job}. The implementation decides
 * how writes are grouped; the contract is what a caller may rely on.
 */
public interface RunRecorder extends AutoCloseable {
  /**
   * A run that has just started. {@code id} is Carillon's execution id; {@code fireId} is Quartz's
   * cluster-unique fire instance id.
   */
  record Start(
      String id,
      String fireId,
      String jobGroup,
      String jobName,
      String nodeId,
      Instant scheduledAt,
      Instant startedAt,
      TriggerKind trigger,
      int attempt) {}

  /**
   * The end of a run: when, how long it took, how it ended, what it produced; {@code finalFailure}
   * when it failed with no retry left.
   */
  record Finish(
      String id,
      String fireId,
      String jobGroup,
      String jobName,
      Instant startedAt,
      Instant finishedAt,
      long durationMs,
      ExecutionStatus status,
      String error,
      String resultJson,
      String output,
      boolean outputTruncated,
      boolean finalFailure) {}

  /** A fire time that passed while no node could fire it; {@code missedAt} is that time. */
  record Misfire(
      String jobGroup, String jobName, String nodeId, Instant missedAt, boolean dropsMissedTime) {}

  /**
   * Records the start; returns once the RUNNING row is durable, so that a crash after the job began
   * always leaves a row for failover to judge.
   */
  void started(Start start);

  /**
   * Records the end; returns once the final row is durable, or, when a job store writes ends with
   * its completions ({@link GroupCommitRunRecorder#foldIntoStore}), once the end is handed over:
   * the worker's completion of the fire, which it awaits next, then makes the row durable. The
   * stage completes, later, with whether the job was failing before this run (its last chain ended
   * in a final failure), once the job's counters have moved on.
   */
  CompletionStage<Boolean> finished(Finish finish);

  /**
   * The start of this fire if it is recorded already: the set-based store writes starts with the
   * fires ({@link GroupCommitRunRecorder#foldIntoStore}). Empty: record it with {@link #started}.
   */
  default Optional<Start> recordedStart(String fireId) {
    return Optional.empty();
  }

  /** Records a fire that did not run (overlap skip) as SKIPPED; queued, never awaited. */
  void skipped(Start start, String reason);

  /**
   * Counts a misfire against the job, and records a SKIPPED row when the policy drops the missed
   * time. Queued and never awaited: Quartz reports misfires from inside its locked transactions,
   * where nothing may wait for the database. The stage completes with the job's type (empty when
   * the job is gone) once the count is written.
   */
  CompletionStage<Optional<String>> misfired(Misfire misfire);

  /** Starts writing; records given before are written then. */
  default void start() {}

  /** Writes what is queued, for a few seconds at most, then stops. */
  @Override
  void close();
}
