package io.carillon.server.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Runs of test Quartz jobs in this JVM, recorded by the jobs themselves: which job, the fire time
 * Quartz gave it, the time it was scheduled for, and when it started and ended. Job store tests
 * count and compare these instead of anything the store reports about itself.
 */
public final class RunLog {
  /** Job data key: how long a run takes, in milliseconds (it simulates work; default none). */
  public static final String WORK_MILLIS = "workMillis";

  /** Job data key: the run asks Quartz to complete the firing trigger ("one") or all ("all"). */
  public static final String UNSCHEDULE = "unschedule";

  /** One run. */
  public record Run(
      String job,
      String trigger,
      Instant fired,
      Instant scheduled,
      long startNanos,
      long endNanos) {
    public boolean overlaps(Run other) {
      return startNanos < other.endNanos && other.startNanos < endNanos;
    }
  }

  private static final Map<String, List<Run>> RUNS = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private RunLog() {}

  /** Forgets every run: test classes sharing the JVM reuse group names. */
  public static void clear() {
    RUNS.clear();
  }

  /** The runs of jobs in this group so far, in the order they ended. */
  public static List<Run> of(String group) {
    return new ArrayList<>(RUNS.getOrDefault(group, List.of()));
  }

  /** How many recorded jobs are running in this JVM now. */
  public static int running() {
    return RUNNING.get();
  }

  static void record(JobExecutionContext context) throws JobExecutionException {
    RUNNING.incrementAndGet();
    long start = System.nanoTime();
    try {
      if (context.getMergedJobDataMap().containsKey(WORK_MILLIS)) {
        Thread.sleep(context.getMergedJobDataMap().getLongValueFromString(WORK_MILLIS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Run run =
          new Run(
              context.getJobDetail().getKey().getName(),
              context.getTrigger().getKey().getName(),
              context.getFireTime().toInstant(),
              context.getScheduledFireTime().toInstant(),
              start,
              System.nanoTime());
      RUNS.computeIfAbsent(
              context.getJobDetail().getKey().getGroup(), g -> new CopyOnWriteArrayList<>())
          .add(run);
      RUNNING.decrementAndGet();
    }
    String unschedule = context.getMergedJobDataMap().getString(UNSCHEDULE);
    if (unschedule != null) {
      JobExecutionException stop = new JobExecutionException("asked to stop its triggers");
      stop.setUnscheduleFiringTrigger("one".equals(unschedule));
      stop.setUnscheduleAllTriggers("all".equals(unschedule));
      throw stop;
    }
  }

  /** A job that may run alongside itself. */
  public static final class Concurrent implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      record(context);
    }
  }

  /** A job Quartz must never run twice at once: its later fires queue. */
  @DisallowConcurrentExecution
  public static final class NonConcurrent implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      record(context);
    }
  }
}
