package io.carillon.server.quartz;

import io.carillon.server.common.InternalJobs;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

/** Counts the jobs running on this node so that shutdown can wait for them without polling. */
final class RunningJobs extends JobListenerSupport {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int running;

  @Override
  public String getName() {
    return "carillon-running-jobs";
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    if (isInternal(context)) {
      return;
    }
    lock.lock();
    try {
      running++;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
    if (isInternal(context)) {
      return;
    }
    lock.lock();
    try {
      running--;
      if (running == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The canary is no job of the user's: it neither counts as busy nor holds up a shutdown. */
  private static boolean isInternal(JobExecutionContext context) {
    return InternalJobs.isInternal(context.getJobDetail().getKey().getGroup());
  }

  /** Waits until no job runs here or the timeout passes; true when idle. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (running > 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = idle.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  int count() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }
}
