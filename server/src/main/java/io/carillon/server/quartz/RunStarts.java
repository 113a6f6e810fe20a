package io.carillon.server.quartz;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.core.RunPolicy;
import io.carillon.server.db.RunRecorder;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.spi.TriggerFiredBundle;

/**
 * What a run's start record says, worked out from its fire: by the set-based store, which writes it
 * with the fire, or by {@link ExecutionListener} when the run begins. Both must agree, so both ask
 * this class. Carillon's internal jobs (the canary) have no runs.
 */
public final class RunStarts {
  private final String nodeId;

  public RunStarts(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The start of a fire the store is writing; {@code now} is when it fires. */
  public Optional<RunRecorder.Start> of(TriggerFiredBundle fired, Instant now) {
    JobKey key = fired.getJobDetail().getKey();
    if (InternalJobs.isInternal(key.getGroup())) {
      return Optional.empty();
    }
    // The map the job will see: its own data overlaid with its trigger's, as Quartz merges them.
    JobDataMap data = new JobDataMap();
    data.putAll(fired.getJobDetail().getJobDataMap());
    data.putAll(fired.getTrigger().getJobDataMap());
    return Optional.of(
        start(
            key,
            fired.getTrigger().getFireInstanceId(),
            data,
            fired.getScheduledFireTime(),
            fired.isRecovering(),
            now));
  }

  /** The start of a run that begins now on this node. */
  RunRecorder.Start of(JobExecutionContext context, Instant now) {
    return start(
        context.getJobDetail().getKey(),
        context.getFireInstanceId(),
        context.getMergedJobDataMap(),
        context.getScheduledFireTime(),
        context.isRecovering(),
        now);
  }

  private RunRecorder.Start start(
      JobKey key,
      String fireId,
      JobDataMap data,
      Date scheduledFireTime,
      boolean recovering,
      Instant now) {
    Instant scheduled = scheduledFireTime == null ? null : scheduledFireTime.toInstant();
    return new RunRecorder.Start(
        executionId(data, recovering),
        fireId,
        key.getGroup(),
        key.getName(),
        nodeId,
        logicalTime(data, scheduled),
        now,
        recovering ? TriggerKind.RECOVERY : TriggerKind.of(data.getString(RunPolicy.TRIGGER_KIND)),
        Retries.attempt(data));
  }

  /**
   * The id the API handed out for a manual run, or a new one. A recovered run is a new execution,
   * though its trigger data still holds the old run's id.
   */
  private static String executionId(JobDataMap data, boolean recovering) {
    String given = data.getString(JobDataKeys.EXECUTION_ID);
    return given != null && !recovering ? given : UUID.randomUUID().toString();
  }

  /** A backfilled run is recorded as scheduled for its logical time, not for when it ran. */
  private static Instant logicalTime(JobDataMap data, Instant scheduled) {
    String logical = data.getString(RunPolicy.LOGICAL_TIME);
    return logical == null ? scheduled : Instant.ofEpochMilli(Long.parseLong(logical));
  }
}
