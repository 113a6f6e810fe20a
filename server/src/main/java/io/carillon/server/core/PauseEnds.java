package io.carillon.server.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every node looks this often for pauses whose end has come; one of them resumes each. */
public final class PauseEnds implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(PauseEnds.class);

  private final Pauses pauses;
  private final String nodeId;
  private final Duration interval;
  private final AtomicLong checks = new AtomicLong();
  private ScheduledExecutorService executor;

  public PauseEnds(Pauses pauses, String nodeId, Duration interval) {
    this.pauses = pauses;
    this.nodeId = nodeId;
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
              Thread thread = new Thread(runnable, "carillon-pause-ends");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      pauses.resumeEnded(nodeId);
      checks.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.warn("Could not resume the pauses that ended: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
