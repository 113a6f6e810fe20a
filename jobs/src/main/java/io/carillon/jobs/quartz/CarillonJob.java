package io.carillon.jobs.quartz;

import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The one Quartz job class Carillon schedules: it reads the type and parameters from the job data
 * ({@link JobDataKeys}), runs the type and leaves a {@link JobOutcome} as the context's result. A
 * failed run throws {@link JobExecutionException} whose cause is the job's own error. For jobs
 * whose runs must not overlap (Quartz's non-concurrent semantics) use {@link
 * NonConcurrentCarillonJob}.
 */
public sealed class CarillonJob implements InterruptableJob permits NonConcurrentCarillonJob {

  private final JobTypeRegistry registry;
  private final Clock clock;
  private volatile boolean interruptRequested;
  private Thread runner;

  CarillonJob(JobTypeRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public final void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    CappedOutput output = new CappedOutput(registry.settings().outputCapBytes());
    RunContext run = null;
    synchronized (this) {
      runner = Thread.currentThread();
    }
    try {
      String typeName = string(data, JobDataKeys.TYPE);
      // Validated again at run time: the configuration (say, the shell allow-list) may have
      // changed since the job was stored, and a stored job must not outlive its permission.
      JobParameters params = registry.validateJson(typeName, string(data, JobDataKeys.PARAMS));
      JobType type = registry.find(typeName).orElseThrow();
      String overrides = string(data, JobDataKeys.OVERRIDES);
      if (overrides != null && !overrides.isBlank()) {
        // The run records what it was run with, beside what the job says.
        output.line("[carillon] manual run; parameters overridden for this run: " + overrides);
      }
      run =
          new RunContext(
              params,
              output,
              () -> interruptRequested,
              executionId(data, context),
              JobDataKeys.attempt(data),
              scheduledAt(context),
              nodeId(context),
              registry.settings(),
              clock);
      type.run(run);
    } catch (Exception e) {
      throw new JobExecutionException(e.getMessage(), e, false);
    } finally {
      synchronized (this) {
        runner = null;
        // Quartz reuses its threads: an interrupt aimed at this run must not hit the next job.
        Thread.interrupted();
      }
      context.setResult(
          new JobOutcome(output.text(), run == null ? null : run.resultJson(), output.truncated()));
    }
  }

  @Override
  public final void interrupt() {
    synchronized (this) {
      interruptRequested = true;
      if (runner != null) {
        runner.interrupt();
      }
    }
  }

  private static String executionId(JobDataMap data, JobExecutionContext context) {
    String id = string(data, JobDataKeys.EXECUTION_ID);
    return id == null || id.isBlank() ? context.getFireInstanceId() : id;
  }

  private static String nodeId(JobExecutionContext context) throws SchedulerException {
    return context.getScheduler().getSchedulerInstanceId();
  }

  private static Instant scheduledAt(JobExecutionContext context) {
    Date scheduled = context.getScheduledFireTime();
    return scheduled == null ? context.getFireTime().toInstant() : scheduled.toInstant();
  }

  /** Values are strings with useProperties=true; tolerate other types from RAM-store tests. */
  private static String string(JobDataMap data, String key) {
    Object value = data.get(key);
    return value == null ? null : value.toString();
  }
}
