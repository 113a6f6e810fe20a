package io.carillon.server.quartz;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.jobs.quartz.JobOutcome;
import io.carillon.server.core.ExecutionStatus;
import io.carillon.server.core.RunPolicy;
import io.carillon.server.core.TriggerKind;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.metrics.RunMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every run on this node in {@code carillon_execution}, so the cluster has one history;
 * starts each run's timeout and, when a run fails with attempts left, schedules the next attempt.
 */
final class ExecutionListener extends JobListenerSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionListener.class);

  private final ExecutionDao executions;
  private final Interrupts interrupts;
  private final Retries retries;
  private final RunMetrics metrics;
  private final String nodeId;
  private final Clock clock;

  ExecutionListener(
      ExecutionDao executions,
      Interrupts interrupts,
      RunMetrics metrics,
      String nodeId,
      Clock clock) {
    this.executions = executions;
    this.interrupts = interrupts;
    this.retries = new Retries(clock);
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "carillon-executions";
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    JobKey key = context.getJobDetail().getKey();
    JobDataMap data = context.getMergedJobDataMap();
    Instant scheduled =
        context.getScheduledFireTime() == null ? null : context.getScheduledFireTime().toInstant();
    Instant now = clock.instant();
    metrics.started(
        key.getGroup(),
        scheduled == null ? null : Duration.between(scheduled, now),
        context.isRecovering());
    RunPolicy policy = RunPolicy.from(data);
    if (policy.timeout() != null) {
      interrupts.watch(context.getScheduler(), context.getFireInstanceId(), policy.timeout());
    }
    // A failure to record must not stop the job itself: it is logged and the run goes on.
    try {
      executions.started(
          new ExecutionDao.Start(
              executionId(context),
              context.getFireInstanceId(),
              key.getGroup(),
              key.getName(),
              nodeId,
              scheduled,
              now,
              trigger(context),
              Retries.attempt(data)));
    } catch (RuntimeException e) {
      LOG.error("Could not record the start of {} ({})", key, context.getFireInstanceId(), e);
    }
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
    JobKey key = context.getJobDetail().getKey();
    ExecutionStatus interruptedAs = interrupts.finished(context.getFireInstanceId());
    Throwable cause =
        exception == null ? null : exception.getCause() != null ? exception.getCause() : exception;
    ExecutionStatus status = status(interruptedAs, cause);
    RunPolicy policy = RunPolicy.from(context.getMergedJobDataMap());
    String error = ErrorText.of(status, cause, policy.timeout());
    String type = context.getMergedJobDataMap().getString(JobDataKeys.TYPE);
    metrics.finished(
        key.getGroup(), type, status, Duration.ofMillis(Math.max(0, context.getJobRunTime())));
    JobOutcome outcome =
        context.getResult() instanceof JobOutcome result ? result : new JobOutcome("", null, false);
    try {
      executions.finished(
          new ExecutionDao.Finish(
              context.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID),
              context.getFireInstanceId(),
              key.getGroup(),
              key.getName(),
              context.getFireTime().toInstant(),
              clock.instant(),
              Math.max(0, context.getJobRunTime()),
              status,
              error,
              outcome.resultJson(),
              outcome.output(),
              outcome.outputTruncated()));
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of {}", context.getFireInstanceId(), e);
    }
    if (status.isFailure() && retries.afterFailure(context, policy.retry())) {
      metrics.retryScheduled();
    }
  }

  private static ExecutionStatus status(ExecutionStatus interruptedAs, Throwable cause) {
    if (interruptedAs != null) {
      return interruptedAs;
    }
    if (cause == null) {
      return ExecutionStatus.SUCCEEDED;
    }
    return cause instanceof InterruptedException
        ? ExecutionStatus.INTERRUPTED
        : ExecutionStatus.FAILED;
  }

  private static TriggerKind trigger(JobExecutionContext context) {
    if (context.isRecovering()) {
      return TriggerKind.RECOVERY;
    }
    return TriggerKind.of(context.getMergedJobDataMap().getString(RunPolicy.TRIGGER_KIND));
  }

  /**
   * The id the API handed out for a manual run, or a new one; the job sees the same id. A recovered
   * run is a new execution, though its trigger data still holds the old run's id.
   */
  private static String executionId(JobExecutionContext context) {
    String given = context.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
    if (given != null && !context.isRecovering()) {
      return given;
    }
    String id = UUID.randomUUID().toString();
    context.getMergedJobDataMap().put(JobDataKeys.EXECUTION_ID, id);
    return id;
  }
}
