package io.carillon.server.core;

import io.carillon.server.common.ExecutionRow;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.RunRequestDao;
import io.carillon.server.db.RunRequestDao.RunRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * The logical time of a run: the fire time of the schedule it stands for, recorded as its {@code
 * scheduledAt}. A run of the schedule, its recovery (Quartz recovers a fire at its fire time) and a
 * backfilled run have one; a run now, a dependency's run and a retry do not (their {@code
 * scheduledAt} is only when they were asked for, or due after the backoff); a rerun has its
 * original's, which it was recorded with.
 */
final class LogicalTimes {
  /** Reruns of reruns are followed this far back, well beyond any chain an operator makes. */
  private static final int MAX_CHAIN = 100;

  private final ExecutionService executions;
  private final RunRequestDao requests;

  LogicalTimes(ExecutionService executions, RunRequestDao requests) {
    this.executions = executions;
    this.requests = requests;
  }

  /** Empty when the run stands for no fire time of the schedule. */
  Optional<Instant> of(ExecutionRow run) {
    ExecutionRow at = run;
    for (int i = 0; i < MAX_CHAIN; i++) {
      TriggerKind kind = TriggerKind.of(at.trigger());
      if (kind == TriggerKind.MANUAL
          || kind == TriggerKind.DEPENDENCY
          || kind == TriggerKind.RETRY) {
        return Optional.empty();
      }
      if (kind != TriggerKind.RERUN) {
        return Optional.ofNullable(at.scheduledAt());
      }
      Optional<ExecutionRow> original =
          requests.find(at.id()).map(RunRequest::rerunOf).flatMap(this::find);
      if (original.isEmpty()) {
        // The run it repeats is gone from the history: what it was recorded with is all there is.
        return Optional.ofNullable(at.scheduledAt());
      }
      at = original.get();
    }
    return Optional.ofNullable(at.scheduledAt());
  }

  private Optional<ExecutionRow> find(String id) {
    try {
      return Optional.of(executions.get(id));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
