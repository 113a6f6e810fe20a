package io.carillon.server.quartz;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.common.Overlap;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.core.RunPolicy;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.RunRecorder;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.quartz.schema.FiredTriggerDao;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.quartz.CalendarIntervalTrigger;
import org.quartz.CronTrigger;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds {@code overlap: skip} across the cluster (a fire that finds the job running on any node is
 * vetoed and recorded SKIPPED) and {@code overlap: replace} (a fire asks the job's runs on any node
 * to stop, then starts) and makes misfires visible (counted per job; a fire time the {@code skip}
 * misfire policy drops is recorded SKIPPED).
 */
final class OverlapListener extends TriggerListenerSupport {
  private static final Logger LOG = LoggerFactory.getLogger(OverlapListener.class);

  private final FiredTriggerDao fires;
  private final ExecutionDao executions;
  private final RunMetrics metrics;
  private final String nodeId;
  private final Clock clock;
  private final RunRecorder records;

  OverlapListener(
      FiredTriggerDao fires,
      ExecutionDao executions,
      RunRecorder records,
      RunMetrics metrics,
      String nodeId,
      Clock clock) {
    this.fires = fires;
    this.executions = executions;
    this.records = records;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "carillon-overlap";
  }

  @Override
  public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
    Overlap overlap = RunPolicy.from(context.getMergedJobDataMap()).overlap();
    if (overlap == Overlap.REPLACE) {
      replace(context);
      return false;
    }
    if (overlap != Overlap.SKIP) {
      return false;
    }
    JobKey key = context.getJobDetail().getKey();
    try {
      if (!fires.runsElsewhere(key.getGroup(), key.getName(), context.getFireInstanceId())) {
        return false;
      }
      // The id the API handed out (run-now, rerun, backfill), so that the skip can be found by it.
      String given = context.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
      records.skipped(
          new RunRecorder.Start(
              given != null && !context.isRecovering() ? given : UUID.randomUUID().toString(),
              context.getFireInstanceId(),
              key.getGroup(),
              key.getName(),
              nodeId,
              logicalOrScheduled(context),
              clock.instant(),
              TriggerKind.of(context.getMergedJobDataMap().getString(RunPolicy.TRIGGER_KIND)),
              Retries.attempt(context.getMergedJobDataMap())),
          "skipped: the job was still running (overlap: skip)");
      metrics.skipped(key.getGroup(), context.getMergedJobDataMap().getString(JobDataKeys.TYPE));
      return true;
    } catch (RuntimeException e) {
      // Without the database the check cannot be made; running is the safer failure.
      LOG.error("Could not apply overlap: skip to {}; running it", key, e);
      return false;
    }
  }

  /**
   * {@code overlap: replace}: asks every run of the job recorded RUNNING to stop, on whichever node
   * it runs (each node polls for requests aimed at its runs), then lets this fire start. This
   * fire's own run is spared: the set-based store records it RUNNING with the fire, before this.
   */
  private void replace(JobExecutionContext context) {
    JobKey key = context.getJobDetail().getKey();
    try {
      int asked =
          executions.requestInterruptOfOthers(
              key.getGroup(), key.getName(), context.getFireInstanceId(), clock.instant());
      if (asked > 0) {
        LOG.info(
            "Replacing {} running execution(s) of {} (overlap: replace) with fire {}",
            asked,
            key,
            context.getFireInstanceId());
      }
    } catch (RuntimeException e) {
      // Without the database nothing can be asked to stop; starting is what the policy wants.
      LOG.error("Could not ask the running executions of {} to stop; starting anyway", key, e);
    }
  }

  /**
   * Called by Quartz inside its locked transaction, during a resume on behalf of an API request
   * that may hold the job's {@code carillon_job} row. Writing that row from here waited for the
   * request that waited for Quartz: a cycle half in Java, invisible to PostgreSQL, that stopped
   * every node. So the misfire is only queued; {@link RunRecorder#misfired} never waits for the
   * database.
   */
  @Override
  public void triggerMisfired(Trigger trigger) {
    JobKey key = trigger.getJobKey();
    if (InternalJobs.isInternal(key.getGroup())) {
      return;
    }
    records
        .misfired(
            new RunRecorder.Misfire(
                key.getGroup(),
                key.getName(),
                nodeId,
                instant(trigger.getNextFireTime()),
                dropsMissedTime(trigger)))
        .thenAccept(type -> metrics.misfired(key.getGroup(), type.orElse(null)));
  }

  /** Whether the trigger's misfire instruction is Carillon's {@code skip} policy. */
  private static boolean dropsMissedTime(Trigger trigger) {
    int instruction = trigger.getMisfireInstruction();
    if (trigger instanceof CronTrigger || trigger instanceof CalendarIntervalTrigger) {
      return instruction == CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING;
    }
    return trigger instanceof SimpleTrigger
        && instruction == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT;
  }

  private static Instant logicalOrScheduled(JobExecutionContext context) {
    String logical = context.getMergedJobDataMap().getString(RunPolicy.LOGICAL_TIME);
    return logical == null
        ? instant(context.getScheduledFireTime())
        : Instant.ofEpochMilli(Long.parseLong(logical));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
