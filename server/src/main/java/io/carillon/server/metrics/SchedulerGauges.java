package io.carillon.server.metrics;

import com.codahale.metrics.CachedGauge;
import io.carillon.server.common.JobState;
import io.carillon.server.db.JobListDao;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Gauges of this node's scheduler (running jobs, worker threads) and of the cluster (jobs by state,
 * live nodes). The cluster ones cost a query, so they are cached for a few seconds: a scrape every
 * few seconds from several Prometheus servers must not become a query each.
 */
public final class SchedulerGauges {
  static final long CACHE_SECONDS = 5;

  private SchedulerGauges() {}

  /** Registers every gauge; {@code live} says whether this node itself takes fires. */
  public static void register(
      LabelledMetrics metrics,
      IntSupplier running,
      int threads,
      JobListDao jobs,
      SchedulerStateDao nodes,
      boolean clustered,
      BooleanSupplier live,
      Clock clock) {
    metrics.gauge(
        "carillon_executions_running", "Runs in progress on this node", running::getAsInt);
    metrics.gauge(
        "carillon_threads_busy", "Worker threads running a job on this node", running::getAsInt);
    metrics.gauge("carillon_threads_size", "Worker threads of this node", () -> threads);

    CachedGauge<Map<JobState, Long>> byState =
        new CachedGauge<>(CACHE_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected Map<JobState, Long> loadValue() {
            return jobs.countByState();
          }
        };
    for (JobState state : JobState.values()) {
      metrics.gauge(
          "carillon_jobs",
          "Jobs of the cluster by state",
          () -> byState.getValue().get(state),
          "state",
          state.name().toLowerCase(Locale.ROOT));
    }

    CachedGauge<Integer> liveNodes =
        new CachedGauge<>(CACHE_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected Integer loadValue() {
            // Unclustered (embedded H2), Quartz keeps no check-in rows: this node is the cluster.
            return clustered ? nodes.liveNodes(clock.instant()) : live.getAsBoolean() ? 1 : 0;
          }
        };
    metrics.gauge(
        "carillon_nodes_live",
        "Nodes of the cluster that checked in within twice their check-in interval",
        liveNodes::getValue);
  }
}
