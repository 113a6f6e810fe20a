package io.carillon.server.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.StoredJob;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.DependencyRunDao;
import io.carillon.server.db.JobDao;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Runs of a stored job outside its schedule: run-now (with overrides), reruns, dependent runs and
 * backfill steps, each a one-shot Quartz trigger with the job's own parameters.
 */
public final class JobRuns {
  private final JobRequests requests;
  private final JobDao jobs;
  private final Scheduler scheduler;
  private final QuartzJobs quartz;
  private final StoredDefinitions definitions;

  public JobRuns(
      JobRequests requests, JobDao jobs, Scheduler scheduler, ObjectMapper json, Clock clock) {
    this.requests = requests;
    this.jobs = jobs;
    this.scheduler = scheduler;
    this.quartz = new QuartzJobs(scheduler, clock);
    this.definitions = new StoredDefinitions(json);
  }

  /**
   * Runs the job once now with optional parameter overrides; returns the execution id. Only the
   * parameters the job declares {@code overridable} may be overridden, by operators; admins, who
   * could change the job anyway, may override any parameter its type does not fix (see {@link
   * OverridePolicy}).
   */
  public String run(String group, String name, Map<String, Object> overrides, boolean byAdmin) {
    return start(group, name, null, overrides, byAdmin, TriggerKind.MANUAL, null, started -> {})
        .executionId();
  }

  /** A run started now: its execution id and the whole parameters it was given. */
  public record Started(String executionId, JobParameters params) {}

  /**
   * The same, recorded as caused by {@code kind} (a rerun, say), over {@code base} instead of the
   * job's parameters when given (a rerun's: the parameters of the run it repeats), checked against
   * the job's type as it is now, scheduled for {@code logicalTime} when given (a rerun's: the
   * logical time of the run it repeats); {@code first} is given the run before its trigger is
   * stored: what must not exist without the run (its run request, its audit entry) is written
   * there, in the caller's transaction, so that a failure writing it starts no run.
   */
  public Started start(
      String group,
      String name,
      Map<String, Object> base,
      Map<String, Object> overrides,
      boolean byAdmin,
      TriggerKind kind,
      Instant logicalTime,
      Consumer<Started> first) {
    StoredJob job = find(group, name);
    JobRequest definition = definitions.read(job);
    Map<String, Object> given = overrides == null ? Map.of() : overrides;
    requests.checkOverrides(job.type(), definition.overridable(), given.keySet(), byAdmin);
    Map<String, Object> own = definition.params() == null ? Map.of() : definition.params();
    JobParameters params = requests.overrides(job.type(), base == null ? own : base, given);
    String executionId = UUID.randomUUID().toString();
    Started started = new Started(executionId, params);
    first.accept(started);
    runNow(
        JobKey.jobKey(name, group),
        params,
        executionId,
        kind,
        logicalTime,
        given.isEmpty() ? null : definitions.writeJson(given));
    return started;
  }

  /**
   * Starts a run of a job that waits on an upstream (issue 18 §2) as execution {@code executionId},
   * with {@code overrides} from the upstream's result checked as an operator's run-now overrides
   * would be. The one-shot trigger is named after the execution, so that a second start of the same
   * run (by a node taking over a dead node's claim) finds it and does nothing: false then.
   */
  public boolean runDependent(
      String group, String name, String executionId, Map<String, Object> overrides) {
    StoredJob job = find(group, name);
    JobRequest definition = definitions.read(job);
    requests.checkOverrides(job.type(), definition.overridable(), overrides.keySet(), false);
    return runOnce(
        JobKey.jobKey(name, group),
        TriggerKey.triggerKey(executionId, DependencyRunDao.TRIGGER_GROUP),
        parameters(job, definition, overrides),
        executionId,
        TriggerKind.DEPENDENCY,
        overrides.isEmpty() ? null : definitions.writeJson(overrides));
  }

  /**
   * Runs the job once now with its own parameters as execution {@code executionId}, recorded as
   * caused by {@code kind} and scheduled for {@code logicalTime} (a backfill's fire time).
   */
  public void runAs(
      String group, String name, String executionId, TriggerKind kind, Instant logicalTime) {
    StoredJob job = find(group, name);
    runNow(
        JobKey.jobKey(name, group),
        parameters(job, definitions.read(job), Map.of()),
        executionId,
        kind,
        logicalTime,
        null);
  }

  /**
   * The job's schedule as a function: its first fire time after an instant (null: none), before the
   * job existed too where the schedule has such times (cron).
   */
  public UnaryOperator<Instant> scheduleTimes(String group, String name) {
    find(group, name);
    return quartz.scheduleTimes(JobKey.jobKey(name, group));
  }

  /**
   * Fires the job once now, on whichever node acquires it, with these parameters and id, recorded
   * as caused by {@code kind}, scheduled for {@code logicalTime} (a backfill's fire time) if given,
   * with its overrides ({@code overrides}, JSON; null: none).
   */
  private void runNow(
      JobKey key,
      JobParameters params,
      String executionId,
      TriggerKind kind,
      Instant logicalTime,
      String overrides) {
    JobDataMap data = new JobDataMap();
    if (logicalTime != null) {
      data.put(RunPolicy.LOGICAL_TIME, Long.toString(logicalTime.toEpochMilli()));
    }
    data.put(JobDataKeys.PARAMS, params.toJson());
    if (overrides != null) {
      data.put(JobDataKeys.OVERRIDES, overrides);
    }
    data.put(JobDataKeys.EXECUTION_ID, executionId);
    data.put(RunPolicy.TRIGGER_KIND, kind.json());
    QuartzJobs.call(
        () -> {
          scheduler.triggerJob(key, data);
          return null;
        });
  }

  /**
   * The same as {@link #runNow} through a one-shot trigger named {@code trigger}: false (nothing
   * done) if a trigger of that name exists already, so starting the same run twice starts it once.
   */
  private boolean runOnce(
      JobKey key,
      TriggerKey trigger,
      JobParameters params,
      String executionId,
      TriggerKind kind,
      String overrides) {
    JobDataMap data = new JobDataMap();
    data.put(JobDataKeys.PARAMS, params.toJson());
    if (overrides != null) {
      data.put(JobDataKeys.OVERRIDES, overrides);
    }
    data.put(JobDataKeys.EXECUTION_ID, executionId);
    data.put(RunPolicy.TRIGGER_KIND, kind.json());
    Trigger once =
        TriggerBuilder.newTrigger()
            .withIdentity(trigger)
            .forJob(key)
            .usingJobData(data)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      return QuartzJobs.call(
          () -> {
            scheduler.scheduleJob(once);
            return true;
          });
    } catch (CarillonException e) {
      if (e.getCause() instanceof ObjectAlreadyExistsException) {
        return false;
      }
      throw e;
    }
  }

  private JobParameters parameters(
      StoredJob job, JobRequest definition, Map<String, Object> overrides) {
    return requests.overrides(
        job.type(), definition.params() == null ? Map.of() : definition.params(), overrides);
  }

  private StoredJob find(String group, String name) {
    return jobs.find(group, name)
        .orElseThrow(() -> new NotFoundException("job " + group + "/" + name + " does not exist"));
  }
}
