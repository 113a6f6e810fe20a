package io.carillon.server.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every node looks for ended upstream runs this often; each dispatch is claimed by one node. */
public final class DependencySweeper implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DependencySweeper.class);

  private final Dependencies dependencies;
  private final Duration interval;
  private final AtomicLong checks = new AtomicLong();
  private ScheduledExecutorService executor;

  public DependencySweeper(Dependencies dependencies, Duration interval) {
    this.dependencies = dependencies;
    this.interval = interval;
  }

  /** How many looks this node has completed since it started. */
  public long checks() {
    return checks.get();
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "carillon-dependencies");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      dependencies.drive();
      checks.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.warn("Could not dispatch dependent jobs: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
