package io.carillon.server.quartz;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.db.ExecutionDao;
import java.time.Duration;
import org.quartz.Scheduler;

/**
 * Carries interrupt requests across the cluster: Quartz's {@code interrupt()} reaches only this
 * node's threads, so the API marks executions in the database and every node polls for its own.
 */
final class InterruptPoller implements AutoCloseable {
  private final ExecutionDao executions;
  private final Interrupts interrupts;
  private final String nodeId;
  private final Duration interval;
  private PeriodicTask task;

  InterruptPoller(
      ExecutionDao executions, Interrupts interrupts, String nodeId, Duration interval) {
    this.executions = executions;
    this.interrupts = interrupts;
    this.nodeId = nodeId;
    this.interval = interval;
  }

  synchronized void start(Scheduler scheduler) {
    task =
        new PeriodicTask(
            "carillon-interrupt-poller",
            interval,
            "Could not poll for interrupt requests",
            () -> poll(scheduler));
    task.start();
  }

  void poll(Scheduler scheduler) {
    for (String fireId : executions.interruptRequests(nodeId)) {
      interrupts.interrupt(scheduler, fireId, ExecutionStatus.INTERRUPTED);
    }
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.stop();
    }
  }
}
