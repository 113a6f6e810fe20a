package io.carillon.server.quartz;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.quartz.simpl.SimpleThreadPool;

/**
 * Quartz's thread pool, which tells the scheduler thread how many workers are free a little later
 * when few are: up to {@code gatherMillis}, until half the pool is free.
 *
 * <p>Why: Quartz acquires at most as many triggers as it has free workers. In a burst, workers come
 * back one or two at a time (as their completions commit), the scheduler thread takes each at once,
 * and every acquisition then fetches one trigger: the whole fixed cost of an acquire-and-fire
 * transaction for one fire. Waiting a few milliseconds for more free workers fetches several
 * triggers in the same transaction. When half the pool or more is free (a node that is not busy)
 * nothing waits, and a fire never waits longer than {@code gatherMillis}.
 *
 * <p>Only the scheduler thread hands work to the pool, so the number of free workers can only grow
 * while it waits here.
 */
public class GatheringThreadPool extends SimpleThreadPool {
  /** How often the count is looked at while gathering: a handful of times per window. */
  private static final long LOOK_EVERY_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

  private long gatherMillis = 3;
  private volatile boolean stopping;

  /** Quartz property {@code org.quartz.threadPool.gatherMillis}; 0 answers at once, as Quartz. */
  public void setGatherMillis(long gatherMillis) {
    this.gatherMillis = gatherMillis;
  }

  public long getGatherMillis() {
    return gatherMillis;
  }

  @Override
  public int blockForAvailableThreads() {
    int free = super.blockForAvailableThreads();
    int enough = Math.max(1, getThreadCount() / 2);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(gatherMillis);
    while (free < enough && !stopping && System.nanoTime() < deadline) {
      LockSupport.parkNanos(LOOK_EVERY_NANOS);
      free = super.blockForAvailableThreads();
    }
    return free;
  }

  @Override
  public void shutdown(boolean waitForJobsToComplete) {
    stopping = true;
    super.shutdown(waitForJobsToComplete);
  }
}
