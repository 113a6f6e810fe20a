package io.carillon.server.quartz;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The canary's job: it does nothing. That the cluster fired it at all (its trigger's previous fire
 * time moves on) is the proof that some node acquires and fires triggers.
 */
public final class CanaryJob implements Job {
  @Override
  public void execute(JobExecutionContext context) {
    // Firing is the point; there is no work to do.
  }
}
