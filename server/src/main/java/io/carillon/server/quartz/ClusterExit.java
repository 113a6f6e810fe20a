package io.carillon.server.quartz;

import io.carillon.server.quartz.schema.SchedulerStateDao;
import java.time.Duration;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node leaves the cluster once it takes no new fires: running jobs get up to the grace period
 * to finish, then whatever still runs is interrupted (a recoverable job cut off this way keeps its
 * fired-trigger row and is run again by another node), the scheduler shuts down, and the node's
 * check-in row is deleted when nothing was cut off, so that the others see it gone at once rather
 * than dead a check-in interval later.
 */
final class ClusterExit {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterExit.class);

  /**
   * How long Quartz's own shutdown may take once no job runs (or the rest were interrupted). With
   * the database gone, Quartz's threads retry their last write every {@code dbRetryInterval} until
   * it succeeds, and {@code Scheduler.shutdown} waits for them forever; past this bound the node
   * stops anyway and the cluster treats whatever was left like a crashed node's.
   */
  static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

  private final Interrupts interrupts;
  private final SchedulerStateDao checkins;

  /** {@code checkins} null when not clustered: there is no check-in row to remove. */
  ClusterExit(Interrupts interrupts, SchedulerStateDao checkins) {
    this.interrupts = interrupts;
    this.checkins = checkins;
  }

  void leave(Scheduler scheduler, RunningJobs running, InterruptPoller poller, Duration grace)
      throws SchedulerException, InterruptedException {
    String node = scheduler.getSchedulerInstanceId();
    scheduler.standby();
    int busy = running.count();
    if (busy > 0) {
      LOG.info("Waiting up to {} for {} running job(s) to finish", grace, busy);
    }
    // Interrupt requests from the API still reach this node's runs while it waits.
    if (running.awaitIdle(grace)) {
      poller.close();
      shutdownWithin(scheduler, true);
      interrupts.close();
      forgetCheckin(node);
      LOG.info("Scheduler stopped: node {} left the cluster with no job running", node);
      return;
    }
    poller.close();
    for (JobExecutionContext job : scheduler.getCurrentlyExecutingJobs()) {
      LOG.warn(
          "Interrupting {}: still running after the {} grace period",
          job.getJobDetail().getKey(),
          grace);
      try {
        scheduler.interrupt(job.getFireInstanceId());
      } catch (SchedulerException e) {
        LOG.warn("{} cannot be interrupted: {}", job.getJobDetail().getKey(), e.getMessage());
      }
    }
    shutdownWithin(scheduler, false);
    interrupts.close();
    // The check-in row stays: interrupted runs may still hold fired-trigger rows, and the others
    // recover those only from a node they declare dead, which deletes the row in turn.
    LOG.info(
        "Scheduler stopped: node {} left the cluster; interrupted runs are recovered elsewhere",
        node);
  }

  /** Quartz's shutdown, given at most {@link #SHUTDOWN_BOUND}. */
  static void shutdownWithin(Scheduler scheduler, boolean waitForJobs) throws InterruptedException {
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

  /**
   * After {@code shutdown(true)} every run has completed in the store (no fired-trigger row left)
   * and Quartz's check-in thread has ended, so the row stays gone.
   */
  private void forgetCheckin(String node) {
    if (checkins == null) {
      return;
    }
    try {
      checkins.delete(node);
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not remove node {}'s check-in; the others will declare it dead: {}",
          node,
          e.getMessage());
    }
  }
}
