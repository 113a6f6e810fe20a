package io.carillon.server.quartz.store;

import io.carillon.server.quartz.store.MisfireHandling.Misfire;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.LongSupplier;
import org.quartz.Calendar;
import org.quartz.JobPersistenceException;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles misfires a batch at a time, each batch in a transaction of its own (shared lock, rows
 * with SKIP LOCKED), then tells the listeners, after the commit: Quartz calls them inside its
 * locked transaction, where a listener that writes elsewhere can wedge the cluster. They get the
 * trigger as it was before its misfire instruction applied, as in Quartz.
 */
final class MisfireRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(MisfireRecovery.class);

  /**
   * Misfired triggers handled per transaction. Quartz takes 20 under its global lock, which stops
   * all firing meanwhile; these are row-locked with SKIP LOCKED, so a large batch costs no one.
   */
  static final int BATCH = 500;

  /** What one batch did: whether more are waiting, how many, the earliest new fire time. */
  record Recovered(boolean more, int handled, long earliestNewTime) {}

  private final StoreTransactions transactions;
  private final MisfireHandling misfires;
  private final BatchFiring.Calendars calendars;
  private final SchedulerSignaler signaler;
  private final LongSupplier misfireTime;

  MisfireRecovery(
      StoreTransactions transactions,
      MisfireHandling misfires,
      BatchFiring.Calendars calendars,
      SchedulerSignaler signaler,
      LongSupplier misfireTime) {
    this.transactions = transactions;
    this.misfires = misfires;
    this.calendars = calendars;
    this.signaler = signaler;
    this.misfireTime = misfireTime;
  }

  /** Handles one batch of misfired triggers and tells the listeners. */
  Recovered recoverBatch() throws JobPersistenceException {
    List<Misfire> handled = new ArrayList<>();
    boolean[] more = new boolean[1];
    transactions.run(
        conn -> {
          handled.clear();
          try {
            List<OperableTrigger> triggers =
                misfires.lockMisfired(conn, misfireTime.getAsLong(), BATCH + 1);
            more[0] = triggers.size() > BATCH;
            if (more[0]) {
              triggers = triggers.subList(0, BATCH);
            }
            for (OperableTrigger trigger : triggers) {
              Calendar calendar =
                  trigger.getCalendarName() == null
                      ? null
                      : calendars.retrieve(conn, trigger.getCalendarName());
              OperableTrigger before = (OperableTrigger) trigger.clone();
              trigger.updateAfterMisfire(calendar);
              handled.add(new Misfire(before, trigger));
            }
            if (!triggers.isEmpty()) {
              misfires.write(conn, handled);
            }
            return null;
          } catch (JobPersistenceException e) {
            throw e;
          } catch (Exception e) {
            throw new JobPersistenceException("Couldn't handle misfires: " + e.getMessage(), e);
          }
        },
        null);
    if (handled.isEmpty()) {
      return new Recovered(false, 0, Long.MAX_VALUE);
    }
    LOG.info("Handled {} trigger(s) that missed their scheduled fire-time.", handled.size());
    long earliest = Long.MAX_VALUE;
    for (Misfire misfire : handled) {
      signaler.notifyTriggerListenersMisfired(misfire.before());
      Date next = misfire.after().getNextFireTime();
      if (next == null) {
        signaler.notifySchedulerListenersFinalized(misfire.after());
      } else {
        earliest = Math.min(earliest, next.getTime());
      }
    }
    return new Recovered(more[0], handled.size(), earliest);
  }
}
