package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.Optional;

/**
 * Healthy while this node's Quartz scheduler thread (the one that acquires and fires triggers) is
 * alive. Quartz catches exceptions in its loop but not errors: an {@code OutOfMemoryError} there
 * ends the thread silently while the scheduler still reports itself started. Only a restart helps,
 * so this is a liveness check.
 */
public final class SchedulerThreadHealthCheck extends HealthCheck {
  private final String threadName;
  private volatile Thread thread;

  public SchedulerThreadHealthCheck(String threadName) {
    this.threadName = threadName;
  }

  @Override
  protected Result check() {
    Thread found = thread != null ? thread : find().orElse(null);
    if (found == null) {
      return Result.unhealthy("the scheduler thread %s does not exist", threadName);
    }
    thread = found;
    return found.isAlive()
        ? Result.healthy("%s is %s", threadName, found.getState())
        : Result.unhealthy("the scheduler thread %s has stopped", threadName);
  }

  private Optional<Thread> find() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(threadName))
        .findFirst();
  }
}
