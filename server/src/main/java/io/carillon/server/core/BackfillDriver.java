package io.carillon.server.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every node drives the running backfills this often; each step is claimed by one of them. */
public final class BackfillDriver implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(BackfillDriver.class);

  private final Backfills backfills;
  private final Duration interval;
  private final AtomicLong checks = new AtomicLong();
  private ScheduledExecutorService executor;

  public BackfillDriver(Backfills backfills, Duration interval) {
    this.backfills = backfills;
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
              Thread thread = new Thread(runnable, "carillon-backfills");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      backfills.drive();
      checks.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.warn("Could not drive the backfills: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
