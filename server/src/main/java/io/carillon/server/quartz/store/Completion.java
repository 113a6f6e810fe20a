package io.carillon.server.quartz.store;

import org.quartz.JobDetail;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.spi.OperableTrigger;

/** One run's end as Quartz reports it to {@code triggeredJobComplete}, waiting to be written. */
record Completion(
    OperableTrigger trigger, JobDetail job, CompletedExecutionInstruction instruction) {

  String entryId() {
    return trigger.getFireInstanceId();
  }

  /**
   * Whether writing this completion must hold the job's row: to unblock the other triggers of a job
   * that may not run twice at once, to delete a non-durable job left without triggers, or to change
   * every trigger of the job.
   */
  boolean locksJob() {
    return job.isConcurrentExecutionDisallowed()
        || !job.isDurable()
        || instruction == CompletedExecutionInstruction.SET_ALL_JOB_TRIGGERS_COMPLETE
        || instruction == CompletedExecutionInstruction.SET_ALL_JOB_TRIGGERS_ERROR;
  }

  boolean deletesTrigger() {
    return instruction == CompletedExecutionInstruction.DELETE_TRIGGER;
  }
}
