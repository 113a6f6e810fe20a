package io.carillon.server.tasks;

import io.carillon.server.quartz.ManagedScheduler;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/drain} on the admin port: no new fires here, readiness turns 503, running jobs
 * get up to the grace period, then the node leaves the cluster. Answers at once; the process goes
 * on serving (reads) until it is stopped.
 */
public final class DrainTask extends Task {
  private final ManagedScheduler node;

  public DrainTask(ManagedScheduler node) {
    super("drain");
    this.node = node;
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
    node.drain();
    output.printf(
        "node %s is %s: %d job(s) running get up to %s to finish, then it leaves the cluster%n",
        node.id(), node.state().json(), node.running(), node.gracePeriod());
  }
}
