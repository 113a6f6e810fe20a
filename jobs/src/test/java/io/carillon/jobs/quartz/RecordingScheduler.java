package io.carillon.jobs.quartz;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.spi.JobFactory;

/** A real in-memory Quartz scheduler with one worker thread that records every finished run. */
final class RecordingScheduler implements AutoCloseable {

  /** The scheduler's instance id, which runs see as their node. */
  static final String NODE_ID = "recording-node";

  /** One finished run as a job listener sees it. */
  record Finished(Object result, JobExecutionException error, String fireInstanceId) {
    JobOutcome outcome() {
      return (JobOutcome) result;
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Scheduler scheduler;
  private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();

  private RecordingScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  static RecordingScheduler start(JobFactory factory) throws SchedulerException {
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", "test-" + UUID.randomUUID());
    props.setProperty("org.quartz.scheduler.instanceId", NODE_ID);
    props.setProperty("org.quartz.threadPool.threadCount", "1");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    scheduler.setJobFactory(factory);
    RecordingScheduler recording = new RecordingScheduler(scheduler);
    scheduler
        .getListenerManager()
        .addJobListener(
            new JobListenerSupport() {
              @Override
              public String getName() {
                return "recording";
              }

              @Override
              public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
                recording.finished.add(
                    new Finished(context.getResult(), error, context.getFireInstanceId()));
              }
            });
    scheduler.start();
    return recording;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  void start(JobDetail job) throws SchedulerException {
    scheduler.scheduleJob(job, TriggerBuilder.newTrigger().startNow().build());
  }

  Finished runNow(JobDetail job) throws Exception {
    return run(job, TriggerBuilder.newTrigger().startNow().build());
  }

  Finished run(JobDetail job, Trigger trigger) throws Exception {
    scheduler.scheduleJob(job, trigger);
    return next();
  }

  /** The next run to finish; fails the test if none does in time. */
  Finished next() throws InterruptedException {
    Finished next = finished.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("no job finished within " + WAIT);
    }
    return next;
  }

  boolean isRunning(JobKey key) {
    try {
      return scheduler.getCurrentlyExecutingJobs().stream()
          .anyMatch(context -> context.getJobDetail().getKey().equals(key));
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SchedulerException {
    scheduler.shutdown(true);
  }
}
