package io.carillon.server.metrics;

import com.codahale.metrics.Counter;
import io.carillon.server.common.ExecutionStatus;
import java.time.Duration;
import java.util.Locale;

/** What the scheduler reports as runs start and end: counts, durations, fire lag, retries. */
public final class RunMetrics {
  private static final String MISFIRES = "carillon_misfires";
  private static final String MISFIRES_HELP =
      "Fire times missed by more than the misfire threshold, by job group and type";
  private static final String RETRIES = "carillon_retries";
  private static final String RETRIES_HELP = "Retry attempts scheduled after a failed run";
  private static final String RECOVERIES = "carillon_recoveries";
  private static final String RECOVERIES_HELP =
      "Runs started again here after the node running them died";

  private final LabelledMetrics metrics;

  public RunMetrics(LabelledMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * A run began on this node {@code lag} after its scheduled fire time (null: not scheduled). The
   * rare events of the job's group and type are created at zero here, so that a dashboard's {@code
   * rate()} over them has a series before the first one happens.
   */
  public void started(String group, String type, Duration lag, boolean recovering) {
    if (lag != null) {
      metrics
          .timer(
              "carillon_fire_lag_seconds",
              "Actual start minus scheduled fire time of runs started on this node",
              "group",
              group)
          .update(lag.isNegative() ? Duration.ZERO : lag);
    }
    misfires(group, type);
    retries(group, type);
    Counter recoveries = recoveries(group, type);
    if (recovering) {
      recoveries.inc();
    }
  }

  public void finished(String group, String type, ExecutionStatus status, Duration took) {
    runs(group, type, status).inc();
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
    runs(group, type, ExecutionStatus.SKIPPED).inc();
  }

  /**
   * A run cut off by the death of its node, ended (RECOVERED or ABANDONED) by this node's failover
   * sweeper: counted by status like any run, with no duration, since the real one is unknown.
   */
  public void cutOff(String group, String type, ExecutionStatus status) {
    runs(group, type, status).inc();
  }

  public void retryScheduled(String group, String type) {
    retries(group, type).inc();
  }

  /** {@code type} null: the job is no longer known. */
  public void misfired(String group, String type) {
    misfires(group, type).inc();
  }

  private Counter runs(String group, String type, ExecutionStatus status) {
    return metrics.counter(
        "carillon_runs",
        "Runs finished on this node, by status",
        "group",
        group,
        "type",
        type,
        "status",
        status.name().toLowerCase(Locale.ROOT));
  }

  private Counter misfires(String group, String type) {
    return metrics.counter(MISFIRES, MISFIRES_HELP, "group", group, "type", type);
  }

  private Counter retries(String group, String type) {
    return metrics.counter(RETRIES, RETRIES_HELP, "group", group, "type", type);
  }

  private Counter recoveries(String group, String type) {
    return metrics.counter(RECOVERIES, RECOVERIES_HELP, "group", group, "type", type);
  }
}
