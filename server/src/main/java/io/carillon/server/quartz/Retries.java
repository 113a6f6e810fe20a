package io.carillon.server.quartz;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.core.RetryPolicy;
import io.carillon.server.core.RunPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the next attempt of a failed run as a one-shot Quartz trigger, so that it survives a
 * restart and runs on whichever node is free when it is due.
 */
final class Retries {
  /** Retry triggers live apart from the jobs' own schedule triggers. */
  static final String TRIGGER_GROUP = "carillon-retry";

  private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

  private final Clock clock;

  Retries(Clock clock) {
    this.clock = clock;
  }

  /** True when a next attempt was scheduled. */
  boolean afterFailure(JobExecutionContext context, RetryPolicy retry) {
    JobDataMap data = context.getMergedJobDataMap();
    int attempt = attempt(data);
    if (!retry.retriesAfter(attempt)) {
      return false;
    }
    Duration delay = retry.delayAfter(attempt);
    Instant due = clock.instant().plus(delay);
    TriggerBuilder<Trigger> builder =
        TriggerBuilder.newTrigger()
            .withIdentity(data.getString(JobDataKeys.EXECUTION_ID) + "-retry", TRIGGER_GROUP)
            .forJob(context.getJobDetail().getKey())
            .startAt(Date.from(due))
            .usingJobData(JobDataKeys.ATTEMPT, Integer.toString(attempt + 1))
            .usingJobData(RunPolicy.TRIGGER_KIND, TriggerKind.RETRY.json());
    // A manual run's parameter overrides hold for its retries too.
    String params = context.getTrigger().getJobDataMap().getString(JobDataKeys.PARAMS);
    if (params != null) {
      builder.usingJobData(JobDataKeys.PARAMS, params);
    }
    Trigger trigger =
        builder
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      context.getScheduler().scheduleJob(trigger);
      LOG.info(
          "{} failed on attempt {} of {}; next attempt in {}",
          context.getJobDetail().getKey(),
          attempt,
          retry.maxAttempts(),
          delay);
      return true;
    } catch (SchedulerException e) {
      LOG.error("Could not schedule the retry of {}", context.getJobDetail().getKey(), e);
      return false;
    }
  }

  static int attempt(JobDataMap data) {
    return JobDataKeys.attempt(data);
  }
}
