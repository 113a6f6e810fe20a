package io.carillon.server.quartz;

import io.carillon.server.common.ExecutionStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's interrupts of running fires: timeouts set when a run starts, and requests passed on
 * by {@link InterruptPoller}. Remembers why each fire was interrupted so that its end is recorded
 * as TIMED_OUT or INTERRUPTED.
 */
final class Interrupts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "carillon-timeouts");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, ExecutionStatus> reasons = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();

  /** Interrupts the fire once it has run for {@code timeout}. */
  void watch(Scheduler scheduler, String fireId, Duration timeout) {
    timeouts.put(
        fireId,
        timer.schedule(
            () -> interrupt(scheduler, fireId, ExecutionStatus.TIMED_OUT),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  /** Interrupts a fire running on this node, once; false when it does not run here. */
  boolean interrupt(Scheduler scheduler, String fireId, ExecutionStatus reason) {
    if (reasons.putIfAbsent(fireId, reason) != null) {
      return true;
    }
    try {
      if (scheduler.interrupt(fireId)) {
        LOG.info("Interrupted fire {} ({})", fireId, reason);
        return true;
      }
    } catch (SchedulerException e) {
      LOG.warn("Could not interrupt fire {}: {}", fireId, e.getMessage());
    }
    reasons.remove(fireId, reason);
    return false;
  }

  /** The fire has ended: stops its timeout; why it was interrupted, or null if it was not. */
  ExecutionStatus finished(String fireId) {
    ScheduledFuture<?> timeout = timeouts.remove(fireId);
    if (timeout != null) {
      timeout.cancel(false);
    }
    return reasons.remove(fireId);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
