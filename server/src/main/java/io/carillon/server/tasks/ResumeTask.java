package io.carillon.server.tasks;

import io.carillon.server.quartz.ManagedScheduler;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/resume} on the admin port: a node in standby takes fires again. A draining or
 * drained node cannot (the task fails with 500 and says so): it must be restarted.
 */
public final class ResumeTask extends Task {
  private final ManagedScheduler node;

  public ResumeTask(ManagedScheduler node) {
    super("resume");
    this.node = node;
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
    output.printf("node %s is %s%n", node.id(), node.resume().json());
  }
}
