package io.carillon.server.metrics;

import com.codahale.metrics.Counter;
import io.carillon.server.core.ExecutionStatus;
import java.time.Duration;
import java.util.Locale;

/** What the scheduler reports as runs start and end: counts, durations, fire lag, retries. */
public final class RunMetrics {
  private final LabelledMetrics metrics;
  private final Counter misfires;
  private final Counter retries;
  private final Counter recoveries;

  /**
   * Rare events are counted without labels and exist from the start at zero, so that a dashboard's
   * {@code rate()} over them has a series before the first one happens.
   */
  public RunMetrics(LabelledMetrics metrics) {
    this.metrics = metrics;
    this.misfires =
        metrics.counter(
            "carillon_misfires", "Fire times missed by more than the misfire threshold");
    this.retries =
        metrics.counter("carillon_retries", "Retry attempts scheduled after a failed run");
    this.recoveries =
        metrics.counter(
            "carillon_recoveries", "Runs started again here after the node running them died");
  }

  /** A run began on this node {@code lag} after its scheduled fire time (null: not scheduled). */
  public void started(String group, Duration lag, boolean recovering) {
    if (lag != null) {
      metrics
          .timer(
              "carillon_fire_lag_seconds",
              "Actual start minus scheduled fire time of runs started on this node",
              "group",
              group)
          .update(lag.isNegative() ? Duration.ZERO : lag);
    }
    if (recovering) {
      recoveries.inc();
    }
  }

  public void finished(String group, String type, ExecutionStatus status, Duration took) {
    metrics
        .counter(
            "carillon_runs",
            "Runs finished on this node, by status",
            "group",
            group,
            "type",
            type,
            "status",
            status.name().toLowerCase(Locale.ROOT))
        .inc();
    metrics
        .timer(
            "carillon_run_duration_seconds",
            "Run time of runs finished on this node",
            "group",
            group,
            "type",
            type)
        .update(took);
  }

  public void skipped(String group, String type) {
    metrics
        .counter(
            "carillon_runs",
            "Runs finished on this node, by status",
            "group",
            group,
            "type",
            type,
            "status",
            ExecutionStatus.SKIPPED.name().toLowerCase(Locale.ROOT))
        .inc();
  }

  /**
   * A run cut off by the death of its node, ended (RECOVERED or ABANDONED) by this node's failover
   * sweeper: counted by status like any run, with no duration, since the real one is unknown.
   */
  public void cutOff(String group, String type, ExecutionStatus status) {
    metrics
        .counter(
            "carillon_runs",
            "Runs finished on this node, by status",
            "group",
            group,
            "type",
            type,
            "status",
            status.name().toLowerCase(Locale.ROOT))
        .inc();
  }

  public void retryScheduled() {
    retries.inc();
  }

  public void misfired() {
    misfires.inc();
  }
}
