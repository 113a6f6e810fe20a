package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.carillon.server.common.NodeState;
import io.carillon.server.core.ThisNode;
import org.quartz.Scheduler;

/**
 * Healthy only while this node's scheduler is started and taking fires: a node in standby, draining
 * or drained is unhealthy, so the load balancer's readiness check takes it out of rotation.
 *
 * <p>A node whose process is shutting down on purpose says so and stays healthy: Dropwizard's
 * delayed shutdown has already made the node not ready (its readiness stays down whatever the
 * checks say), and a scheduler stopped because it was told to is not a failure, which Dropwizard
 * would log as an ERROR at every graceful stop.
 */
public final class SchedulerHealthCheck extends HealthCheck {
  private final Scheduler scheduler;
  private final ThisNode node;

  public SchedulerHealthCheck(Scheduler scheduler, ThisNode node) {
    this.scheduler = scheduler;
    this.node = node;
  }

  @Override
  protected Result check() throws Exception {
    if (node.stopping()) {
      return Result.healthy("node %s is shutting down", node.id());
    }
    NodeState state = node.state();
    if (state == NodeState.DRAINING) {
      return Result.unhealthy(
          "node %s is draining: it takes no new fires and leaves the cluster once its %d running"
              + " job(s) finish",
          node.id(), node.busyThreads());
    }
    if (state == NodeState.DRAINED || state == NodeState.STOPPED) {
      return Result.unhealthy(
          "node %s has drained and left the cluster; restart it to rejoin", node.id());
    }
    if (scheduler.isShutdown()) {
      return Result.unhealthy("the scheduler is shut down");
    }
    if (!scheduler.isStarted()) {
      return Result.unhealthy("the scheduler has not started");
    }
    if (scheduler.isInStandbyMode()) {
      return Result.unhealthy(
          "the scheduler is in standby: it takes no new fires (POST /tasks/resume on the admin"
              + " port to resume)");
    }
    return Result.healthy("node %s", node.id());
  }
}
