package io.carillon.server.quartz;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.db.ExecutionDao;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries interrupt requests across the cluster: Quartz's {@code interrupt()} reaches only this
 * node's threads, so the API marks executions in the database and every node polls for its own.
 */
final class InterruptPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptPoller.class);

  private final ExecutionDao executions;
  private final Interrupts interrupts;
  private final String nodeId;
  private final Duration interval;
  private ScheduledExecutorService executor;

  InterruptPoller(
      ExecutionDao executions, Interrupts interrupts, String nodeId, Duration interval) {
    this.executions = executions;
    this.interrupts = interrupts;
    this.nodeId = nodeId;
    this.interval = interval;
  }

  synchronized void start(Scheduler scheduler) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "carillon-interrupt-poller");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        () -> poll(scheduler), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void poll(Scheduler scheduler) {
    try {
      for (String fireId : executions.interruptRequests(nodeId)) {
        interrupts.interrupt(scheduler, fireId, ExecutionStatus.INTERRUPTED);
      }
    } catch (RuntimeException e) {
      // The database may be away for a while; the next poll tries again.
      LOG.warn("Could not poll for interrupt requests: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
