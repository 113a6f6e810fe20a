package io.carillon.server;

import io.carillon.server.health.DrainReadiness;
import io.carillon.server.quartz.ManagedScheduler;
import io.carillon.server.tasks.DrainTask;
import io.carillon.server.tasks.ResumeTask;
import io.carillon.server.tasks.StandbyTask;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;

/**
 * How an operator takes this node out of the cluster and back: the drain, standby and resume admin
 * tasks, a drain on SIGTERM, and a readiness check that fails while the node drains.
 */
final class NodeControls {
  private NodeControls() {}

  static void register(Environment environment, ManagedScheduler node) {
    environment.admin().addTask(new DrainTask(node));
    environment.admin().addTask(new StandbyTask(node));
    environment.admin().addTask(new ResumeTask(node));
    node.drainOnSigterm();
    environment
        .servlets()
        .addFilter("drain-readiness", new DrainReadiness(node))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/health-check");
  }
}
