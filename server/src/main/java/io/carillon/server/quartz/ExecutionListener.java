package io.carillon.server.quartz;

import io.carillon.server.core.ExecutionStatus;
import io.carillon.server.db.ExecutionDao;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records every run on this node in {@code carillon_execution}, so the cluster has one history. */
final class ExecutionListener extends JobListenerSupport {
  /**
   * Set in a manual run's trigger data, so the API can answer with the id before the run starts.
   */
  static final String EXECUTION_ID_KEY = "carillon.executionId";

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionListener.class);

  private final ExecutionDao executions;
  private final String nodeId;
  private final Clock clock;

  ExecutionListener(ExecutionDao executions, String nodeId, Clock clock) {
    this.executions = executions;
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
    Instant scheduled =
        context.getScheduledFireTime() == null ? null : context.getScheduledFireTime().toInstant();
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
              clock.instant()));
    } catch (RuntimeException e) {
      LOG.error("Could not record the start of {} ({})", key, context.getFireInstanceId(), e);
    }
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
    ExecutionStatus status = exception == null ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
    String error = exception == null ? null : describe(exception);
    try {
      executions.finished(
          new ExecutionDao.Finish(
              context.getFireInstanceId(),
              clock.instant(),
              Math.max(0, context.getJobRunTime()),
              status,
              error));
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of {}", context.getFireInstanceId(), e);
    }
  }

  /** The id the API handed out for a manual run, or a new one; the job sees the same id. */
  private static String executionId(JobExecutionContext context) {
    String given = context.getMergedJobDataMap().getString(EXECUTION_ID_KEY);
    if (given != null) {
      return given;
    }
    String id = UUID.randomUUID().toString();
    context.getMergedJobDataMap().put(EXECUTION_ID_KEY, id);
    return id;
  }

  /** The job's own error, not Quartz's wrapper around it. */
  private static String describe(JobExecutionException exception) {
    Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
    return cause.getClass().getName() + ": " + cause.getMessage();
  }
}
