package io.carillon.server.common;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop every node runs: one round of work at a fixed delay on a daemon thread of its
 * own, from {@link #start} to {@link #stop}. A round that fails is logged and the next one tries
 * again (the database may be away for a while).
 */
public final class PeriodicTask implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  /** One round of work. */
  @FunctionalInterface
  public interface Round {
    void run() throws Exception;
  }

  private final String threadName;
  private final Duration interval;
  private final String failure;
  private final Round round;
  private final AtomicLong rounds = new AtomicLong();
  private ScheduledExecutorService executor;

  /**
   * @param threadName names the thread, {@code carillon-…}
   * @param failure what a failed round logs before the error's message ({@code Could not …})
   */
  public PeriodicTask(String threadName, Duration interval, String failure, Round round) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(threadName + ": the interval must be positive");
    }
    this.threadName = threadName;
    this.interval = interval;
    this.failure = failure;
    this.round = round;
  }

  /** How many rounds have completed without an error since the task was built. */
  public long rounds() {
    return rounds.get();
  }

  /** One round now, on the caller's thread, as the loop runs it: a failure is logged. */
  public void runRound() {
    try {
      round.run();
      rounds.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{}: {}", failure, e.getMessage());
    }
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::runRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
