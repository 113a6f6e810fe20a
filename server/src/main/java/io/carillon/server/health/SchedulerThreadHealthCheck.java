package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.carillon.server.core.ThisNode;
import java.util.Optional;

/**
 * Healthy while this node's Quartz scheduler thread (the one that acquires and fires triggers) is
 * alive. Quartz catches exceptions in its loop but not errors: an {@code OutOfMemoryError} there
 * ends the thread silently while the scheduler still reports itself started. Only a restart helps,
 * so this is a liveness check. A process shutting down on purpose stops the thread itself: that is
 * reported, as healthy, so that neither an orchestrator's liveness probe nor Dropwizard's ERROR log
 * takes a graceful stop for a death.
 */
public final class SchedulerThreadHealthCheck extends HealthCheck {
  private final String threadName;
  private final ThisNode node;
  private volatile Thread thread;

  public SchedulerThreadHealthCheck(String threadName, ThisNode node) {
    this.threadName = threadName;
    this.node = node;
  }

  @Override
  protected Result check() {
    if (node.stopping()) {
      return Result.healthy("node %s is shutting down", node.id());
    }
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
