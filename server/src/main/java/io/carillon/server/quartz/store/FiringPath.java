package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredResult;

/**
 * The scheduler thread's side of the set-based store: acquire a batch in one statement, fire it,
 * release what Quartz gives back, all under the shared lock. A batch that is due within {@link
 * #HOLD_WITHIN_MS} and whose jobs may run side by side keeps its acquisition's transaction open
 * until Quartz fires it.
 */
final class FiringPath {
  /**
   * A batch whose first trigger is due within this many milliseconds keeps its transaction open
   * until Quartz fires it: the acquisition's commit, and the firing transaction's lock and job-lock
   * statements, are saved (at 600 fires a second a batch is one or two triggers a few milliseconds
   * ahead, and the two transactions were eight statements where one is six), and so are the
   * ACQUIRED state and the fired rows' first version: the row locks keep other nodes off, as the
   * ACQUIRED state would, and each trigger and fired row is written once. An exclusive operation
   * waits at most this long more. QuartzSchedulerThread waits for the fire time on the same thread,
   * and releases the batch on that thread if an earlier trigger comes ({@link #release}).
   */
  static final long HOLD_WITHIN_MS = 50;

  /** An acquired batch whose transaction waits for {@link #fire}; see there. */
  private record HeldBatch(
      StoreTransactions.Open tx,
      List<OperableTrigger> triggers,
      Map<TriggerKey, TriggerFiring.Current> current) {}

  private final StoreTransactions transactions;
  private final TriggerAcquisition acquisition;
  private final BatchFiring batchFiring;
  private final TriggerRelease release;
  private final SetBasedDelegate delegate;
  private final String instanceId;
  private final FoldedRuns foldedRuns;
  private final Supplier<String> firedIds;
  private final LongSupplier misfireTime;
  private final AtomicReference<HeldBatch> held = new AtomicReference<>();

  /**
   * {@code foldedRuns}: null when Carillon records run starts on its own; {@code firedIds}: new
   * fired-trigger entry ids; {@code misfireTime}: the instant before which a fire time misfired.
   */
  FiringPath(
      StoreTransactions transactions,
      TriggerAcquisition acquisition,
      BatchFiring batchFiring,
      SetBasedDelegate delegate,
      String scheduler,
      String instanceId,
      FoldedRuns foldedRuns,
      Supplier<String> firedIds,
      LongSupplier misfireTime) {
    this.transactions = transactions;
    this.acquisition = acquisition;
    this.batchFiring = batchFiring;
    this.release = new TriggerRelease(scheduler);
    this.delegate = delegate;
    this.instanceId = instanceId;
    this.foldedRuns = foldedRuns;
    this.firedIds = firedIds;
    this.misfireTime = misfireTime;
  }

  /**
   * Acquires a batch in one statement. A held batch ({@link #HOLD_WITHIN_MS}) returns with its
   * transaction open: {@link #fire}, which Quartz's scheduler thread calls next on the same thread
   * once the fire time has come, fires it on the same connection and commits once. The rows stay
   * locked meanwhile, so they are exactly as acquired. A batch with a non-concurrent job commits
   * here instead: firing it locks job rows, which must come before trigger rows.
   */
  List<OperableTrigger> acquire(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    if (timeWindow < 0) {
      throw new IllegalArgumentException("timeWindow must not be negative");
    }
    abandonHeldBatch();
    List<String> entryIds = new ArrayList<>(maxCount);
    for (int i = 0; i < maxCount; i++) {
      entryIds.add(firedIds.get());
    }
    StoreTransactions.Open tx = transactions.begin();
    boolean keepOpen = false;
    try {
      long now = System.currentTimeMillis();
      TriggerAcquisition.Acquired acquired =
          acquisition.acquire(
              tx.conn(),
              new TriggerAcquisition.Request(
                  noLaterThan,
                  timeWindow,
                  misfireTime.getAsLong(),
                  now,
                  now + HOLD_WITHIN_MS,
                  entryIds));
      List<OperableTrigger> triggers = acquired.triggers();
      if (!triggers.isEmpty() && acquired.held()) {
        held.set(new HeldBatch(tx, triggers, acquired.current()));
        keepOpen = true;
        return triggers;
      }
      transactions.commit(tx, c -> anyFiredRow(c, triggers, null));
      return triggers;
    } catch (JobPersistenceException e) {
      transactions.rollback(tx);
      throw e;
    } catch (Exception e) {
      transactions.rollback(tx);
      throw new JobPersistenceException("Couldn't acquire next trigger: " + e.getMessage(), e);
    } finally {
      if (!keepOpen) {
        transactions.end(tx);
      }
    }
  }

  /** Fires the batch: in the held transaction if it is the held batch, else in one of its own. */
  List<TriggerFiredResult> fire(List<OperableTrigger> triggers) throws JobPersistenceException {
    HeldBatch batch = held.getAndSet(null);
    if (batch != null && batch.triggers() != triggers) {
      close(batch);
      batch = null;
    }
    if (batch == null) {
      return started(
          transactions.run(
              conn -> batchFiring.fire(conn, triggers, null),
              (conn, f) -> anyFiredRow(conn, fired(f.results()), Constants.STATE_EXECUTING)));
    }
    StoreTransactions.Open tx = batch.tx();
    try {
      BatchFiring.Fired f = batchFiring.fire(tx.conn(), triggers, batch.current());
      transactions.commit(tx, c -> anyFiredRow(c, fired(f.results()), Constants.STATE_EXECUTING));
      return started(f);
    } catch (JobPersistenceException e) {
      transactions.rollback(tx);
      throw e;
    } catch (RuntimeException e) {
      transactions.rollback(tx);
      throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
    } finally {
      transactions.end(tx);
    }
  }

  /** The firing transaction committed: its runs' starts are recorded. */
  private List<TriggerFiredResult> started(BatchFiring.Fired fired) {
    if (!fired.starts().isEmpty()) {
      foldedRuns.startsWritten(fired.starts());
    }
    return fired.results();
  }

  private static List<OperableTrigger> fired(List<TriggerFiredResult> results) {
    List<OperableTrigger> fired = new ArrayList<>();
    for (TriggerFiredResult result : results) {
      if (result.getTriggerFiredBundle() != null) {
        fired.add(result.getTriggerFiredBundle().getTrigger());
      }
    }
    return fired;
  }

  /**
   * A held batch Quartz did not fire (its scheduler thread stopped in between): rolled back, so its
   * triggers are WAITING again, as if never acquired.
   */
  void abandonHeldBatch() {
    HeldBatch batch = held.getAndSet(null);
    if (batch != null) {
      close(batch);
    }
  }

  private void close(HeldBatch batch) {
    // The rollback releases the lock itself; end() forgets it on the thread that took it.
    transactions.rollback(batch.tx());
    transactions.end(batch.tx());
  }

  /**
   * Quartz releases the batch it waits to fire when an earlier trigger comes in meanwhile, trigger
   * by trigger, on the scheduler thread. A held batch is rolled back as a whole at the first: every
   * trigger of it is WAITING again as if never acquired (a release through another transaction
   * would wait for the held one's row locks, on the thread that holds them), and the releases of
   * the others find nothing to do.
   */
  void release(OperableTrigger trigger) {
    HeldBatch batch = held.get();
    if (batch != null
        && batch.tx().thread() == Thread.currentThread()
        && batch.triggers().stream().anyMatch(t -> t == trigger)) {
      abandonHeldBatch();
      return;
    }
    transactions.retry(
        conn -> {
          try {
            release.release(conn, trigger);
            return null;
          } catch (SQLException e) {
            throw new JobPersistenceException(
                "Couldn't release acquired trigger: " + e.getMessage(), e);
          }
        });
  }

  /** Whether a commit that failed took effect after all: Quartz's own check after a lost ack. */
  private Boolean anyFiredRow(Connection conn, List<OperableTrigger> triggers, String state)
      throws JobPersistenceException {
    try {
      Set<String> ids = new HashSet<>();
      for (FiredTriggerRecord record :
          delegate.selectInstancesFiredTriggerRecords(conn, instanceId)) {
        if (state == null || state.equals(record.getFireInstanceState())) {
          ids.add(record.getFireInstanceId());
        }
      }
      for (OperableTrigger trigger : triggers) {
        if (ids.contains(trigger.getFireInstanceId())) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw new JobPersistenceException("error validating trigger acquisition", e);
    }
  }
}
