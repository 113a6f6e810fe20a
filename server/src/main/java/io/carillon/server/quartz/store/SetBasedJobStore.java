package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import io.carillon.server.db.RunRecorder;
import io.carillon.server.quartz.CarillonJobStore;
import io.carillon.server.quartz.RunStarts;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.Calendar;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerConfigException;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.DriverDelegate;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredResult;
import org.quartz.utils.DBConnectionManager;

/**
 * Carillon's job store for PostgreSQL: Quartz's tables, SPI and semantics, with the firing path
 * (acquire, fire, complete, release) rewritten as set-based statements that run side by side on
 * every node instead of one at a time under Quartz's global TRIGGER_ACCESS row lock.
 *
 * <p>The lock discipline ({@link ReadWriteTriggerLock}): every stock Quartz operation (storing,
 * pausing, resuming, deleting, misfire handling, cluster recovery) still takes TRIGGER_ACCESS and
 * with it an exclusive advisory lock, so it runs alone, as before. The firing path takes the same
 * advisory lock shared and coordinates through row locks: {@code SKIP LOCKED} to acquire, job rows
 * then trigger rows (each sorted) to fire and complete. See docs/clustering.md, "The set-based
 * store", for why this cannot deadlock.
 */
// JobStoreTX overrides a generic method of its parent with a raw type; javac flags every subclass.
@SuppressWarnings("unchecked")
public class SetBasedJobStore extends CarillonJobStore {
  /** The most completions one flush writes; more wait for the next flush, milliseconds later. */
  private static final int MAX_FLUSH = 500;

  /**
   * Misfired triggers handled per transaction. Quartz takes 20 under its global lock, which stops
   * all firing meanwhile; these are row-locked with SKIP LOCKED, so a large batch costs no one.
   */
  private static final int MISFIRE_BATCH = 500;

  private SetBasedDelegate delegate;
  private TriggerAcquisition acquisition;
  private BatchFiring batchFiring;
  private TriggerRelease release;
  private CompletionWriter completions;
  private CompletionFlusher flusher;
  private MisfireHandling misfires;
  private PauseAll pauseAll;
  private NewTriggers newTriggers;
  private WakeUpListener wakeUps;
  private String foldedRunsName;
  private FoldedRuns foldedRuns;
  private String wakeUpDataSource;
  private long wakeUpWithin;
  private SchedulerSignaler signaler;
  private ReadWriteTriggerLock lock;

  /**
   * A batch whose first trigger is due within this many milliseconds keeps its transaction open
   * until Quartz fires it: the acquisition's commit, and the firing transaction's lock and job-lock
   * statements, are saved (at 600 fires a second a batch is one or two triggers a few milliseconds
   * ahead, and the two transactions were eight statements where one is six), and so are the
   * ACQUIRED state and the fired rows' first version: the row locks keep other nodes off, as the
   * ACQUIRED state would, and each trigger and fired row is written once. An exclusive operation
   * waits at most this long more. QuartzSchedulerThread waits for the fire time on the same thread,
   * and releases the batch on that thread if an earlier trigger comes ({@link
   * #releaseAcquiredTrigger}).
   */
  static final long HOLD_WITHIN_MS = 50;

  /** An acquired batch whose transaction waits for {@link #triggersFired}; see there. */
  private record HeldBatch(
      Connection conn,
      List<OperableTrigger> triggers,
      Map<TriggerKey, TriggerFiring.Current> current,
      boolean lockOwner,
      Thread thread) {}

  private final AtomicReference<HeldBatch> held = new AtomicReference<>();

  /** A trigger's misfire: as it was (Carillon's listener reads the missed time), and after. */
  private record Misfire(OperableTrigger before, OperableTrigger after) {}

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler)
      throws SchedulerConfigException {
    lock = new ReadWriteTriggerLock(getTablePrefix(), getInstanceName(), getSelectWithLockSQL());
    setLockHandler(lock);
    super.initialize(loadHelper, signaler);
    this.signaler = signaler;
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
    acquisition = new TriggerAcquisition(delegate, scheduler, getInstanceId());
    release = new TriggerRelease(scheduler);
    completions = new CompletionWriter(scheduler, delegate);
    misfires = new MisfireHandling(delegate, scheduler);
    pauseAll = new PauseAll(scheduler);
    newTriggers = new NewTriggers(scheduler, delegate);
    if (foldedRunsName != null) {
      foldedRuns =
          FoldedRunsRegistry.lookup(foldedRunsName)
              .orElseThrow(
                  () -> new SchedulerConfigException("no run records named " + foldedRunsName));
    }
    batchFiring =
        new BatchFiring(
            delegate,
            new TriggerFiring(scheduler, getInstanceId()),
            new RunStarts(getInstanceId()),
            foldedRuns,
            this::retrieveCalendar);
    flusher =
        new CompletionFlusher(
            this::writeCompletions,
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

  /** The Quartz data source whose connections the LISTEN thread holds; none: no wake-ups. */
  public void setWakeUpDataSource(String name) {
    this.wakeUpDataSource = name;
  }

  /** Milliseconds: a trigger stored to fire sooner than this wakes the other nodes. */
  public void setWakeUpWithin(long millis) {
    this.wakeUpWithin = millis;
  }

  @Override
  public void schedulerStarted() throws org.quartz.SchedulerException {
    executeInNonManagedTXLock(
        null,
        conn -> {
          try {
            lock.ensureRow(conn);
            return null;
          } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't create the lock row: " + e.getMessage(), e);
          }
        },
        null);
    flusher.start();
    if (wakeUpDataSource != null) {
      wakeUps =
          new WakeUpListener(
              () -> DBConnectionManager.getInstance().getConnection(wakeUpDataSource),
              getInstanceName(),
              this::signalSchedulingChangeImmediately,
              Duration.ofMillis(getDbRetryInterval()),
              "carillon-wake-ups-" + getInstanceId());
      wakeUps.start();
    }
    super.schedulerStarted();
  }

  @Override
  public void shutdown() {
    abandonHeldBatch();
    if (wakeUps != null) {
      wakeUps.close();
    }
    flusher.close();
    if (foldedRunsName != null) {
      FoldedRunsRegistry.remove(foldedRunsName);
    }
    super.shutdown();
  }

  /** Whether storing this trigger should wake the other nodes: due before their next poll. */
  private boolean dueSoon(OperableTrigger trigger) {
    return wakeUpDataSource != null
        && trigger.getNextFireTime() != null
        && trigger.getNextFireTime().getTime() < System.currentTimeMillis() + wakeUpWithin;
  }

  private void wakeOthersIfDueSoon(Connection conn, OperableTrigger trigger)
      throws JobPersistenceException {
    if (!dueSoon(trigger)) {
      return;
    }
    try {
      WakeUpListener.notify(conn, getInstanceName(), trigger.getNextFireTime().getTime());
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't wake the other nodes: " + e.getMessage(), e);
    }
  }

  /** Rescheduling stays Quartz's (exclusive); an earlier fire time wakes the others after it. */
  @Override
  public boolean replaceTrigger(TriggerKey key, OperableTrigger trigger)
      throws JobPersistenceException {
    boolean replaced = super.replaceTrigger(key, trigger);
    if (replaced && dueSoon(trigger)) {
      executeInNonManagedTXLock(
          null,
          conn -> {
            wakeOthersIfDueSoon(conn, trigger);
            return null;
          },
          null);
    }
    return replaced;
  }

  /**
   * Acquires a batch in one statement. A batch that is due within {@link #HOLD_WITHIN_MS} and whose
   * jobs may run side by side keeps its transaction open: {@link #triggersFired}, which Quartz's
   * scheduler thread calls next on the same thread once the fire time has come, fires it on the
   * same connection and commits once. The rows stay locked meanwhile, so they are exactly as
   * acquired. A batch with a non-concurrent job commits here instead: firing it locks job rows,
   * which must come before trigger rows.
   */
  @Override
  public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    if (timeWindow < 0) {
      throw new IllegalArgumentException("timeWindow must not be negative");
    }
    abandonHeldBatch();
    List<String> entryIds = new ArrayList<>(maxCount);
    for (int i = 0; i < maxCount; i++) {
      entryIds.add(getFiredTriggerRecordId());
    }
    Connection conn = getNonManagedTXConnection();
    boolean lockOwner = false;
    boolean keepOpen = false;
    try {
      lockOwner = getLockHandler().obtainLock(conn, ReadWriteTriggerLock.SHARED);
      long now = System.currentTimeMillis();
      TriggerAcquisition.Acquired acquired =
          acquisition.acquire(
              conn,
              new TriggerAcquisition.Request(
                  noLaterThan, timeWindow, getMisfireTime(), now, now + HOLD_WITHIN_MS, entryIds));
      List<OperableTrigger> triggers = acquired.triggers();
      if (!triggers.isEmpty() && acquired.held()) {
        held.set(
            new HeldBatch(conn, triggers, acquired.current(), lockOwner, Thread.currentThread()));
        keepOpen = true;
        return triggers;
      }
      commit(conn, c -> anyFiredRow(c, triggers, null));
      return triggers;
    } catch (JobPersistenceException e) {
      rollbackConnection(conn);
      throw e;
    } catch (Exception e) {
      rollbackConnection(conn);
      throw new JobPersistenceException("Couldn't acquire next trigger: " + e.getMessage(), e);
    } finally {
      if (!keepOpen) {
        try {
          releaseLock(ReadWriteTriggerLock.SHARED, lockOwner);
        } finally {
          cleanupConnection(conn);
        }
      }
    }
  }

  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers)
      throws JobPersistenceException {
    HeldBatch batch = held.getAndSet(null);
    if (batch != null && batch.triggers() != triggers) {
      close(batch);
      batch = null;
    }
    if (batch == null) {
      return started(
          executeInNonManagedTXLock(
              ReadWriteTriggerLock.SHARED,
              conn -> batchFiring.fire(conn, triggers, null),
              (conn, f) -> anyFiredRow(conn, fired(f.results()), Constants.STATE_EXECUTING)));
    }
    Connection conn = batch.conn();
    try {
      BatchFiring.Fired f = batchFiring.fire(conn, triggers, batch.current());
      commit(conn, c -> anyFiredRow(c, fired(f.results()), Constants.STATE_EXECUTING));
      return started(f);
    } catch (JobPersistenceException e) {
      rollbackConnection(conn);
      throw e;
    } catch (RuntimeException e) {
      rollbackConnection(conn);
      throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
    } finally {
      try {
        releaseLock(ReadWriteTriggerLock.SHARED, batch.lockOwner());
      } finally {
        cleanupConnection(conn);
      }
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
   * Commits; if the commit fails, asks {@code validator} (on a new connection) whether it took
   * effect after all, as Quartz's transaction template does.
   */
  private void commit(Connection conn, TransactionCallback<Boolean> validator)
      throws JobPersistenceException {
    try {
      commitConnection(conn);
    } catch (JobPersistenceException e) {
      rollbackConnection(conn);
      Boolean tookEffect = retryExecuteInNonManagedTXLock(ReadWriteTriggerLock.SHARED, validator);
      if (!Boolean.TRUE.equals(tookEffect)) {
        throw e;
      }
    }
  }

  /**
   * A held batch Quartz did not fire (its scheduler thread stopped in between): rolled back, so its
   * triggers are WAITING again, as if never acquired.
   */
  private void abandonHeldBatch() {
    HeldBatch batch = held.getAndSet(null);
    if (batch != null) {
      close(batch);
    }
  }

  private void close(HeldBatch batch) {
    rollbackConnection(batch.conn());
    // The lock handler tracks owners per thread; the rollback has released the lock itself.
    if (batch.thread() == Thread.currentThread()) {
      releaseLock(ReadWriteTriggerLock.SHARED, batch.lockOwner());
    }
    cleanupConnection(batch.conn());
  }

  /**
   * Quartz releases the batch it waits to fire when an earlier trigger comes in meanwhile, trigger
   * by trigger, on the scheduler thread. A held batch is rolled back as a whole at the first: every
   * trigger of it is WAITING again as if never acquired (a release through another transaction
   * would wait for the held one's row locks, on the thread that holds them), and the releases of
   * the others find nothing to do.
   */
  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    HeldBatch batch = held.get();
    if (batch != null
        && batch.thread() == Thread.currentThread()
        && batch.triggers().stream().anyMatch(t -> t == trigger)) {
      abandonHeldBatch();
      return;
    }
    retryExecuteInNonManagedTXLock(
        ReadWriteTriggerLock.SHARED,
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

  @Override
  public void triggeredJobComplete(
      OperableTrigger trigger, JobDetail jobDetail, CompletedExecutionInstruction instruction) {
    flusher.complete(new Completion(trigger, jobDetail, instruction));
  }

  /** Set-based, under the exclusive lock: a second or less for tens of thousands of triggers. */
  @Override
  public void pauseAll() throws JobPersistenceException {
    executeInLock(
        LOCK_TRIGGER_ACCESS,
        conn -> {
          try {
            pauseAll.pause(conn);
            return null;
          } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't pause all: " + e.getMessage(), e);
          }
        });
  }

  /**
   * Set-based, under the exclusive lock; the misfires this leaves (fire times missed while paused)
   * are handled after the commit, batch by batch with the firing path running.
   */
  @Override
  public void resumeAll() throws JobPersistenceException {
    executeInLock(
        LOCK_TRIGGER_ACCESS,
        conn -> {
          try {
            pauseAll.resume(conn);
            if (wakeUpDataSource != null) {
              WakeUpListener.notify(conn, getInstanceName(), System.currentTimeMillis());
            }
            return null;
          } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't resume all: " + e.getMessage(), e);
          }
        });
    RecoverMisfiredJobsResult result;
    do {
      result = doRecoverMisfires();
      if (result.getProcessedMisfiredTriggerCount() > 0) {
        signalSchedulingChangeImmediately(result.getEarliestNewTime());
      }
    } while (result.hasMoreMisfiredTriggers());
  }

  /**
   * A new job is stored under the shared lock: nothing can fire it yet, so it needs no exclusive
   * access (Quartz's lockOnInsert serialises every POST /jobs with all firing). Replacing an
   * existing one stays exclusive, as does a new one that another node inserts at the same moment.
   */
  @Override
  public void storeJob(JobDetail job, boolean replaceExisting) throws JobPersistenceException {
    Boolean inserted;
    try {
      inserted =
          executeInNonManagedTXLock(
              ReadWriteTriggerLock.SHARED,
              conn -> {
                if (jobExists(conn, job.getKey())) {
                  return false;
                }
                storeJob(conn, job, false);
                return true;
              },
              null);
    } catch (JobPersistenceException e) {
      inserted = false;
    }
    if (!inserted) {
      super.storeJob(job, replaceExisting);
    }
  }

  /**
   * A new trigger is stored under the shared lock, after locking its job's row: a concurrent fire
   * or completion of a non-concurrent job holds that row, so the new trigger sees whether it must
   * start BLOCKED. Pause and resume are exclusive, so the paused-group check cannot race. An
   * existing trigger (a replace), or one whose job is missing, goes the stock, exclusive way.
   */
  @Override
  public void storeTrigger(OperableTrigger trigger, boolean replaceExisting)
      throws JobPersistenceException {
    Boolean inserted =
        executeInNonManagedTXLock(
            ReadWriteTriggerLock.SHARED,
            conn -> {
              try {
                JobDetail job = newTriggers.lockJob(conn, trigger.getJobKey()).orElse(null);
                if (job == null) {
                  return false;
                }
                NewTriggers.Found found =
                    newTriggers.look(conn, trigger.getKey(), trigger.getJobKey());
                if (found.triggerExists()) {
                  return false;
                }
                newTriggers.insertTrigger(conn, trigger, found.state(job), job);
              } catch (SQLException | IOException | ClassNotFoundException e) {
                throw new JobPersistenceException(
                    "Couldn't store trigger '" + trigger.getKey() + "': " + e.getMessage(), e);
              }
              wakeOthersIfDueSoon(conn, trigger);
              return true;
            },
            null);
    if (!inserted) {
      super.storeTrigger(trigger, replaceExisting);
    }
  }

  /**
   * A new job with its first trigger: nothing can fire either before the commit. Quartz's checks
   * (neither exists yet, the group's pause) are one statement before the inserts.
   */
  @Override
  public void storeJobAndTrigger(JobDetail job, OperableTrigger trigger)
      throws JobPersistenceException {
    executeInNonManagedTXLock(
        ReadWriteTriggerLock.SHARED,
        conn -> {
          try {
            NewTriggers.Found found = newTriggers.look(conn, trigger.getKey(), job.getKey());
            if (found.jobExists()) {
              throw new ObjectAlreadyExistsException(job);
            }
            if (found.triggerExists()) {
              throw new ObjectAlreadyExistsException(trigger);
            }
            newTriggers.insertJob(conn, job);
            newTriggers.insertTrigger(conn, trigger, found.state(job), job);
          } catch (SQLException | IOException e) {
            throw new JobPersistenceException(
                "Couldn't store job '" + job.getKey() + "': " + e.getMessage(), e);
          }
          wakeOthersIfDueSoon(conn, trigger);
          return null;
        },
        null);
  }

  /**
   * Handles a batch of misfires in a transaction of its own (shared lock, rows with SKIP LOCKED),
   * then tells the listeners, after the commit: Quartz calls them inside its locked transaction,
   * where a listener that writes elsewhere can wedge the cluster. They get the trigger as it was
   * before its misfire instruction applied, as in Quartz.
   */
  @Override
  protected RecoverMisfiredJobsResult doRecoverMisfires() throws JobPersistenceException {
    List<Misfire> handled = new ArrayList<>();
    boolean[] more = new boolean[1];
    executeInNonManagedTXLock(
        ReadWriteTriggerLock.SHARED,
        conn -> {
          handled.clear();
          try {
            List<OperableTrigger> triggers =
                misfires.lockMisfired(conn, getMisfireTime(), MISFIRE_BATCH + 1);
            more[0] = triggers.size() > MISFIRE_BATCH;
            if (more[0]) {
              triggers = triggers.subList(0, MISFIRE_BATCH);
            }
            for (OperableTrigger trigger : triggers) {
              Calendar calendar =
                  trigger.getCalendarName() == null
                      ? null
                      : retrieveCalendar(conn, trigger.getCalendarName());
              OperableTrigger before = (OperableTrigger) trigger.clone();
              trigger.updateAfterMisfire(calendar);
              handled.add(new Misfire(before, trigger));
            }
            if (!triggers.isEmpty()) {
              misfires.write(conn, triggers);
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
      return RecoverMisfiredJobsResult.NO_OP;
    }
    getLog().info("Handled {} trigger(s) that missed their scheduled fire-time.", handled.size());
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
    return new RecoverMisfiredJobsResult(more[0], handled.size(), earliest);
  }

  /**
   * Writes the batch's completions and, when Carillon hands them over, its runs' final rows: one
   * transaction, so a run is acknowledged ended exactly when its fire is. The ends are taken before
   * and put back if the transaction fails, for the flusher's next attempt.
   */
  private void writeCompletions(List<Completion> batch) throws JobPersistenceException {
    List<RunRecorder.Finish> ends =
        foldedRuns == null
            ? List.of()
            : foldedRuns.take(batch.stream().map(Completion::entryId).toList());
    List<FoldedRuns.Written> written;
    try {
      written = writeCompletions(batch, ends);
    } catch (JobPersistenceException | RuntimeException e) {
      if (!ends.isEmpty()) {
        foldedRuns.putBack(ends);
      }
      throw e;
    }
    if (!written.isEmpty()) {
      foldedRuns.written(written);
    }
  }

  private List<FoldedRuns.Written> writeCompletions(
      List<Completion> batch, List<RunRecorder.Finish> ends) throws JobPersistenceException {
    return executeInNonManagedTXLock(
        ReadWriteTriggerLock.SHARED,
        conn -> {
          try {
            if (completions.write(conn, batch)) {
              signalSchedulingChangeOnTxCompletion(0L);
            }
            return ends.isEmpty() ? List.<FoldedRuns.Written>of() : foldedRuns.write(conn, ends);
          } catch (JobPersistenceException e) {
            throw e;
          } catch (Exception e) {
            throw new JobPersistenceException(
                "Couldn't record completed runs: " + e.getMessage(), e);
          }
        },
        null);
  }

  /** Whether a commit that failed took effect after all: Quartz's own check after a lost ack. */
  private Boolean anyFiredRow(Connection conn, List<OperableTrigger> triggers, String state)
      throws JobPersistenceException {
    try {
      Set<String> ids = new HashSet<>();
      for (FiredTriggerRecord record :
          delegate.selectInstancesFiredTriggerRecords(conn, getInstanceId())) {
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
