package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import io.carillon.server.quartz.RunStarts;
import java.time.Duration;
import java.util.List;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.impl.jdbcjobstore.DriverDelegate;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredResult;

/**
 * Carillon's job store for PostgreSQL: Quartz's tables, SPI and semantics, with the firing path
 * (acquire, fire, complete, release) rewritten as set-based statements that run side by side on
 * every node instead of one at a time under Quartz's global TRIGGER_ACCESS row lock. This class
 * wires the parts to Quartz's SPI: {@link FiringPath} (acquire, fire, release), {@link
 * CompletionFlusher} with {@link CompletionTransaction} (completions by group commit), {@link
 * SharedInserts} (new triggers) and {@link MisfireRecovery}.
 *
 * <p>The lock discipline ({@link SharedLockJobStore}): every stock Quartz operation (storing,
 * pausing, resuming, deleting, cluster recovery) still takes TRIGGER_ACCESS and with it an
 * exclusive advisory lock, so it runs alone, as before. The firing path takes the same advisory
 * lock shared and coordinates through row locks: {@code SKIP LOCKED} to acquire, job rows then
 * trigger rows (each sorted) to fire and complete. See docs/clustering.md, "The set-based store",
 * for why this cannot deadlock.
 */
// JobStoreTX overrides a generic method of its parent with a raw type; javac flags every subclass.
@SuppressWarnings("unchecked")
public class SetBasedJobStore extends SharedLockJobStore {
  /** The most completions one flush writes; more wait for the next flush, milliseconds later. */
  private static final int MAX_FLUSH = 500;

  private SetBasedDelegate delegate;
  private FiringPath firing;
  private SharedInserts inserts;
  private CompletionFlusher flusher;
  private MisfireRecovery misfires;
  private String foldedRunsName;

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler)
      throws SchedulerConfigException {
    super.initialize(loadHelper, signaler);
    try {
      DriverDelegate configured = getDelegate();
      if (!(configured instanceof SetBasedDelegate setBased)) {
        throw new SchedulerConfigException(
            "the set-based job store needs " + SetBasedDelegate.class.getName() + " as delegate");
      }
      delegate = setBased;
    } catch (JobPersistenceException e) {
      throw new SchedulerConfigException("cannot create the job store's delegate", e);
    }
    String scheduler = getInstanceName();
    FoldedRuns foldedRuns = null;
    if (foldedRunsName != null) {
      foldedRuns =
          FoldedRunsRegistry.lookup(foldedRunsName)
              .orElseThrow(
                  () -> new SchedulerConfigException("no run records named " + foldedRunsName));
    }
    StoreTransactions transactions = transactions();
    BatchFiring batchFiring =
        new BatchFiring(
            delegate,
            new TriggerFiring(scheduler, getInstanceId()),
            new RunStarts(getInstanceId()),
            foldedRuns,
            this::retrieveCalendar);
    firing =
        new FiringPath(
            transactions,
            new TriggerAcquisition(delegate, scheduler, getInstanceId()),
            batchFiring,
            delegate,
            scheduler,
            getInstanceId(),
            foldedRuns,
            this::getFiredTriggerRecordId,
            this::getMisfireTime);
    inserts =
        new SharedInserts(
            transactions, new NewTriggers(scheduler, delegate), this::wakeOthersIfDueSoon);
    misfires =
        new MisfireRecovery(
            transactions,
            new MisfireHandling(delegate, scheduler),
            this::retrieveCalendar,
            signaler,
            this::getMisfireTime);
    flusher =
        new CompletionFlusher(
            new CompletionTransaction(
                transactions, new CompletionWriter(scheduler, delegate), foldedRuns),
            MAX_FLUSH,
            Duration.ofMillis(getDbRetryInterval()),
            "carillon-completions-" + getInstanceId());
  }

  /**
   * The name of the {@link FoldedRuns} (see {@link FoldedRunsRegistry}) whose ends this store
   * writes with its completions; none: Carillon records ends on its own.
   */
  public void setFoldedRuns(String name) {
    this.foldedRunsName = name;
  }

  @Override
  public void schedulerStarted() throws org.quartz.SchedulerException {
    flusher.start();
    super.schedulerStarted();
  }

  @Override
  public void shutdown() {
    firing.abandonHeldBatch();
    flusher.close();
    if (foldedRunsName != null) {
      FoldedRunsRegistry.remove(foldedRunsName);
    }
    super.shutdown();
  }

  /** One statement; a batch due within {@link FiringPath#HOLD_WITHIN_MS} keeps it open. */
  @Override
  public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    return firing.acquire(noLaterThan, maxCount, timeWindow);
  }

  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers)
      throws JobPersistenceException {
    return firing.fire(triggers);
  }

  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    firing.release(trigger);
  }

  /** Queued for the completion flusher; the worker waits until its flush has committed. */
  @Override
  public void triggeredJobComplete(
      OperableTrigger trigger, JobDetail jobDetail, CompletedExecutionInstruction instruction) {
    flusher.complete(new Completion(trigger, jobDetail, instruction));
  }

  /** A new trigger under the shared lock ({@link SharedInserts}); a replace stays exclusive. */
  @Override
  public void storeTrigger(OperableTrigger trigger, boolean replaceExisting)
      throws JobPersistenceException {
    if (!inserts.storeTriggerIfNew(trigger)) {
      super.storeTrigger(trigger, replaceExisting);
    }
  }

  /** A new job with its first trigger, under the shared lock ({@link SharedInserts}). */
  @Override
  public void storeJobAndTrigger(JobDetail job, OperableTrigger trigger)
      throws JobPersistenceException {
    inserts.storeJobAndTrigger(job, trigger);
  }

  /** A batch in a transaction of its own, listeners told after the commit (see there). */
  @Override
  protected RecoverMisfiredJobsResult doRecoverMisfires() throws JobPersistenceException {
    MisfireRecovery.Recovered recovered = misfires.recoverBatch();
    return recovered.handled() == 0
        ? RecoverMisfiredJobsResult.NO_OP
        : new RecoverMisfiredJobsResult(
            recovered.more(), recovered.handled(), recovered.earliestNewTime());
  }
}
