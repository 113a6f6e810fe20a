package io.carillon.server.core;

import io.carillon.server.db.ExecutionDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the history bounded: drops finished executions older than {@code maxAge} and, per job,
 * those beyond its newest {@code maxPerJob}. Runs on every node; the deletes are idempotent.
 */
public final class ExecutionPruner implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionPruner.class);

  private final ExecutionDao executions;
  private final Clock clock;
  private final Duration maxAge;
  private final int maxPerJob;
  private final Duration interval;
  private ScheduledExecutorService executor;

  public ExecutionPruner(
      ExecutionDao executions, Clock clock, Duration maxAge, int maxPerJob, Duration interval) {
    this.executions = executions;
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxPerJob = maxPerJob;
    this.interval = interval;
  }

  /** What one pass deleted. */
  public record Pruned(int byAge, int byCount) {}

  public Pruned prune() {
    Instant cutoff = clock.instant().minus(maxAge);
    Pruned pruned =
        new Pruned(executions.deleteStartedBefore(cutoff), executions.deleteBeyond(maxPerJob));
    if (pruned.byAge() + pruned.byCount() > 0) {
      LOG.info(
          "Pruned {} execution(s) older than {} and {} beyond {} per job",
          pruned.byAge(),
          maxAge,
          pruned.byCount(),
          maxPerJob);
    }
    return pruned;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "carillon-history-pruner");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::pruneQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      LOG.warn("Could not prune the execution history: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
