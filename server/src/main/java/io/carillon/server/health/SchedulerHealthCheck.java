package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import org.quartz.Scheduler;

/** Healthy only while this node's scheduler is started and taking fires (not in standby). */
public final class SchedulerHealthCheck extends HealthCheck {
  private final Scheduler scheduler;

  public SchedulerHealthCheck(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  protected Result check() throws Exception {
    if (scheduler.isShutdown()) {
      return Result.unhealthy("the scheduler is shut down");
    }
    if (!scheduler.isStarted()) {
      return Result.unhealthy("the scheduler has not started");
    }
    if (scheduler.isInStandbyMode()) {
      return Result.unhealthy("the scheduler is in standby");
    }
    return Result.healthy("node %s", scheduler.getSchedulerInstanceId());
  }
}
