package io.carillon.server.tasks;

import io.carillon.server.quartz.ManagedScheduler;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/standby} on the admin port: this node takes no new fires (and is not ready)
 * until {@code /tasks/resume}; running jobs go on and the node stays in the cluster.
 */
public final class StandbyTask extends Task {
  private final ManagedScheduler node;

  public StandbyTask(ManagedScheduler node) {
    super("standby");
    this.node = node;
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
    output.printf("node %s is %s%n", node.id(), node.standby().json());
  }
}
