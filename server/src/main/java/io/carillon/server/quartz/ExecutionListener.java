package io.carillon.server.quartz;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.jobs.quartz.JobOutcome;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.core.NotifyPolicy;
import io.carillon.server.core.RunPolicy;
import io.carillon.server.db.RunRecorder;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notification;
import io.carillon.server.notify.NotificationEvent;
import io.carillon.server.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records every run on this node in {@code carillon_execution}, so the cluster has one history;
 * starts each run's timeout; when a run fails with attempts left, schedules the next attempt; and
 * hands the notifications a run's end calls for to the {@link Notifier}. Carillon's internal jobs
 * (the canary) are not runs of the API's jobs and are left out.
 */
final class ExecutionListener extends JobListenerSupport {
  /** MDC keys: the execution id and the job key of the run on this thread. */
  static final String MDC_EXECUTION = "executionId";

  static final String MDC_JOB = "job";

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionListener.class);

  private final RunRecorder executions;
  private final Interrupts interrupts;
  private final Retries retries;
  private final Notifier notifier;
  private final RunMetrics metrics;
  private final String nodeId;
  private final RunStarts starts;
  private final Clock clock;

  ExecutionListener(
      RunRecorder executions,
      Interrupts interrupts,
      RunMetrics metrics,
      Notifier notifier,
      String nodeId,
      Clock clock) {
    this.executions = executions;
    this.interrupts = interrupts;
    this.retries = new Retries(clock);
    this.notifier = notifier;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.starts = new RunStarts(nodeId);
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "carillon-executions";
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    JobKey key = context.getJobDetail().getKey();
    if (InternalJobs.isInternal(key.getGroup())) {
      return;
    }
    JobDataMap data = context.getMergedJobDataMap();
    Instant now = clock.instant();
    // The set-based store wrote the start with the fire; otherwise it is recorded here.
    Optional<RunRecorder.Start> recorded = executions.recordedStart(context.getFireInstanceId());
    RunRecorder.Start start = recorded.orElseGet(() -> starts.of(context, now));
    String id = start.id();
    // The job sees the same id (JobDataKeys.EXECUTION_ID), and its run's end is recorded under it.
    data.put(JobDataKeys.EXECUTION_ID, id);
    // Every line logged on this worker thread until the run ends names the run (JSON logs: "mdc").
    MDC.put(MDC_EXECUTION, id);
    MDC.put(MDC_JOB, key.getGroup() + "/" + key.getName());
    Instant scheduled =
        context.getScheduledFireTime() == null ? null : context.getScheduledFireTime().toInstant();
    metrics.started(
        key.getGroup(),
        data.getString(JobDataKeys.TYPE),
        scheduled == null ? null : Duration.between(scheduled, now),
        context.isRecovering());
    RunPolicy policy = RunPolicy.from(data);
    if (policy.timeout() != null) {
      interrupts.watch(context.getScheduler(), context.getFireInstanceId(), policy.timeout());
    }
    if (recorded.isPresent()) {
      return;
    }
    // A failure to record must not stop the job itself: it is logged and the run goes on.
    try {
      executions.started(start);
    } catch (RuntimeException e) {
      LOG.error("Could not record the start of {} ({})", key, context.getFireInstanceId(), e);
    }
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
    if (InternalJobs.isInternal(context.getJobDetail().getKey().getGroup())) {
      return;
    }
    try {
      recordEnd(context, exception);
    } finally {
      MDC.remove(MDC_EXECUTION);
      MDC.remove(MDC_JOB);
    }
  }

  private void recordEnd(JobExecutionContext context, JobExecutionException exception) {
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
    int attempt = Retries.attempt(context.getMergedJobDataMap());
    boolean finalFailure = status.isFailure() && !policy.retry().retriesAfter(attempt);
    if (status.isFailure()) {
      LOG.warn(
          "Run ended {} (attempt {}): {}",
          status,
          attempt,
          cause == null ? status.name() : cause.toString());
    }
    RunRecorder.Finish finish =
        new RunRecorder.Finish(
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
            outcome.outputTruncated(),
            finalFailure);
    CompletionStage<Boolean> wasFailing = CompletableFuture.completedFuture(false);
    try {
      wasFailing = executions.finished(finish);
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of {}", context.getFireInstanceId(), e);
    }
    if (status.isFailure() && retries.afterFailure(context, policy.retry())) {
      metrics.retryScheduled(key.getGroup(), type);
    }
    // Notifications go out once the job's counters tell whether this run ended a failing spell.
    // They are queued, never awaited: whatever goes wrong in them stays out of Quartz's threads.
    NotifyPolicy channels = NotifyPolicy.from(context.getMergedJobDataMap());
    String message = message(status, cause, error);
    wasFailing.thenAccept(
        failing -> {
          try {
            notify(channels, finish, attempt, failing, message);
          } catch (RuntimeException e) {
            LOG.error("Could not queue the notifications of {}", finish.fireId(), e);
          }
        });
  }

  private void notify(
      NotifyPolicy channels,
      RunRecorder.Finish finish,
      int attempt,
      boolean wasFailing,
      String message) {
    if (channels.isEmpty()) {
      return;
    }
    if (finish.finalFailure()) {
      notifier.send(
          notification(NotificationEvent.FAILURE, finish, attempt, message), channels.onFailure());
    } else if (finish.status() == ExecutionStatus.SUCCEEDED) {
      Set<String> toldOfSuccess = new LinkedHashSet<>(channels.onSuccess());
      if (wasFailing) {
        notifier.send(
            notification(NotificationEvent.RECOVERY, finish, attempt, message),
            channels.onRecovery());
        toldOfSuccess.removeAll(channels.onRecovery());
      }
      notifier.send(
          notification(NotificationEvent.SUCCESS, finish, attempt, message), toldOfSuccess);
    }
  }

  private Notification notification(
      NotificationEvent event, RunRecorder.Finish finish, int attempt, String message) {
    return new Notification(
        event,
        finish.jobGroup(),
        finish.jobName(),
        finish.id(),
        finish.status().name(),
        attempt,
        finish.startedAt(),
        finish.finishedAt(),
        finish.durationMs(),
        message,
        nodeId);
  }

  /** The error's message alone: the headline of a timeout, or the exception's own text. */
  private static String message(ExecutionStatus status, Throwable cause, String error) {
    if (status != ExecutionStatus.FAILED || cause == null) {
      return error;
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
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
}
