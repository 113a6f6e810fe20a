package io.carillon.server.quartz;

import io.carillon.server.common.InternalJobs;
import java.time.Duration;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's canary: one trigger in {@link InternalJobs#GROUP} that fires every {@code
 * scheduler.canaryInterval} on whichever node acquires it. Its previous fire time in the database
 * shows that the cluster schedules, which no node's own state can prove.
 */
public final class Canary {
  public static final JobKey JOB = JobKey.jobKey(InternalJobs.CANARY, InternalJobs.GROUP);
  public static final TriggerKey TRIGGER =
      TriggerKey.triggerKey(InternalJobs.CANARY, InternalJobs.GROUP);

  private static final Logger LOG = LoggerFactory.getLogger(Canary.class);

  private Canary() {}

  /**
   * Creates the canary if it is missing, reschedules it if its interval changed, and resumes it if
   * something paused it. Safe when several nodes start at once: a lost race to create it is fine.
   */
  public static void ensure(Scheduler scheduler, Duration interval) {
    try {
      Trigger existing = scheduler.getTrigger(TRIGGER);
      if (existing == null) {
        create(scheduler, interval);
      } else if (!(existing instanceof SimpleTrigger simple)
          || simple.getRepeatInterval() != interval.toMillis()) {
        scheduler.rescheduleJob(TRIGGER, trigger(interval));
        LOG.info("Canary rescheduled to fire every {}", interval);
      }
      if (scheduler.getTriggerState(TRIGGER) == Trigger.TriggerState.PAUSED) {
        scheduler.resumeTrigger(TRIGGER);
        LOG.info("Canary was paused; resumed");
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot set up the canary trigger: " + e.getMessage(), e);
    }
  }

  private static void create(Scheduler scheduler, Duration interval) throws SchedulerException {
    JobDetail job =
        JobBuilder.newJob(CanaryJob.class)
            .withIdentity(JOB)
            .withDescription("Carillon's liveness canary")
            .build();
    try {
      scheduler.scheduleJob(job, trigger(interval));
      LOG.info("Canary created: fires every {}", interval);
    } catch (ObjectAlreadyExistsException createdByAnotherNode) {
      // Another node starting at the same moment created it first.
    }
  }

  private static Trigger trigger(Duration interval) {
    return TriggerBuilder.newTrigger()
        .withIdentity(TRIGGER)
        .forJob(JOB)
        .startAt(new Date())
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(interval.toMillis())
                .repeatForever()
                // Fire times missed in an outage are not worth running: the next one proves enough.
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
