package io.carillon.server.quartz;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Quartz with the server and stops it gracefully: no new fires, then running jobs get up to
 * the grace period to finish, then whatever still runs is interrupted. A recoverable job cut off
 * this way keeps its fired-trigger row and is run again by another node.
 */
public final class ManagedScheduler implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedScheduler.class);

  /**
   * How long Quartz's own shutdown may take once no job runs (or the rest were interrupted). With
   * the database gone, Quartz's threads retry their last write every {@code dbRetryInterval} until
   * it succeeds, and {@code Scheduler.shutdown} waits for them forever; past this bound the node
   * stops anyway and the cluster treats whatever was left like a crashed node's.
   */
  static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

  private final Scheduler scheduler;
  private final RunningJobs running;
  private final Interrupts interrupts;
  private final InterruptPoller poller;
  private final Duration gracePeriod;

  ManagedScheduler(
      Scheduler scheduler,
      RunningJobs running,
      Interrupts interrupts,
      InterruptPoller poller,
      Duration gracePeriod) {
    this.scheduler = scheduler;
    this.running = running;
    this.interrupts = interrupts;
    this.poller = poller;
    this.gracePeriod = gracePeriod;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Jobs running on this node now. */
  public int running() {
    return running.count();
  }

  @Override
  public void start() throws SchedulerException {
    scheduler.start();
    poller.start(scheduler);
    LOG.info(
        "Scheduler {} started as node {}",
        scheduler.getSchedulerName(),
        scheduler.getSchedulerInstanceId());
  }

  private void shutdownWithin(boolean waitForJobs) throws InterruptedException {
    Thread quartzShutdown =
        new Thread(
            () -> {
              try {
                scheduler.shutdown(waitForJobs);
              } catch (SchedulerException e) {
                LOG.warn("Quartz did not shut down cleanly: {}", e.getMessage());
              }
            },
            "carillon-scheduler-shutdown");
    quartzShutdown.setDaemon(true);
    quartzShutdown.start();
    quartzShutdown.join(SHUTDOWN_BOUND.toMillis());
    if (quartzShutdown.isAlive()) {
      LOG.warn(
          "Quartz has not stopped within {} (is the database unreachable?); stopping without it",
          SHUTDOWN_BOUND);
    }
  }

  @Override
  public void stop() throws SchedulerException, InterruptedException {
    String node = scheduler.getSchedulerInstanceId();
    scheduler.standby();
    poller.close();
    int busy = running.count();
    if (busy > 0) {
      LOG.info("Waiting up to {} for {} running job(s) to finish", gracePeriod, busy);
    }
    if (running.awaitIdle(gracePeriod)) {
      shutdownWithin(true);
      interrupts.close();
      LOG.info("Scheduler stopped: node {} left the cluster with no job running", node);
      return;
    }
    for (JobExecutionContext job : scheduler.getCurrentlyExecutingJobs()) {
      LOG.warn(
          "Interrupting {}: still running after the {} grace period",
          job.getJobDetail().getKey(),
          gracePeriod);
      try {
        scheduler.interrupt(job.getFireInstanceId());
      } catch (SchedulerException e) {
        LOG.warn("{} cannot be interrupted: {}", job.getJobDetail().getKey(), e.getMessage());
      }
    }
    shutdownWithin(false);
    interrupts.close();
    LOG.info(
        "Scheduler stopped: node {} left the cluster; interrupted runs are recovered elsewhere",
        node);
  }
}
