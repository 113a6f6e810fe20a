package io.carillon.server.quartz.store;

import io.carillon.server.quartz.CarillonJobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.TriggerKey;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's JDBC job store with its TRIGGER_ACCESS lock split in two ({@link ReadWriteTriggerLock}):
 * every stock operation (storing, pausing, resuming, deleting, cluster recovery) still takes it
 * exclusively and runs alone, as before; the set-based parts take it shared, through {@link
 * #transactions()}, and coordinate through row locks. Also here: what is exclusive but set-based
 * (pause-all, resume-all), a new job stored without exclusive access, and waking the other nodes
 * with {@code NOTIFY} when a trigger is stored to fire before their next poll.
 */
// JobStoreTX overrides a generic method of its parent with a raw type; javac flags every subclass.
@SuppressWarnings("unchecked")
public abstract class SharedLockJobStore extends CarillonJobStore {
  private ReadWriteTriggerLock lock;
  private PauseAll pauseAll;
  private WakeUpListener wakeUps;
  private String wakeUpDataSource;
  private long wakeUpWithin;
  private final StoreTransactions transactions = new Transactions();

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler)
      throws SchedulerConfigException {
    lock = new ReadWriteTriggerLock(getTablePrefix(), getInstanceName(), getSelectWithLockSQL());
    setLockHandler(lock);
    super.initialize(loadHelper, signaler);
    pauseAll = new PauseAll(getInstanceName());
  }

  /** Quartz's transaction template under the shared lock, for the set-based parts. */
  protected final StoreTransactions transactions() {
    return transactions;
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
    if (wakeUps != null) {
      wakeUps.close();
    }
    super.shutdown();
  }

  /** Whether storing this trigger should wake the other nodes: due before their next poll. */
  private boolean dueSoon(OperableTrigger trigger) {
    return wakeUpDataSource != null
        && trigger.getNextFireTime() != null
        && trigger.getNextFireTime().getTime() < System.currentTimeMillis() + wakeUpWithin;
  }

  /** Wakes the other nodes in this transaction if the trigger is due before their next poll. */
  protected final void wakeOthersIfDueSoon(Connection conn, OperableTrigger trigger)
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
   * {@code JobStoreSupport}'s transaction template for the store's parts, under the shared lock.
   */
  private final class Transactions implements StoreTransactions {
    @Override
    public <T> T run(Work<T> work, Check<T> check) throws JobPersistenceException {
      return executeInNonManagedTXLock(
          ReadWriteTriggerLock.SHARED, work::run, check == null ? null : check::tookEffect);
    }

    @Override
    public <T> T retry(Work<T> work) {
      return retryExecuteInNonManagedTXLock(ReadWriteTriggerLock.SHARED, work::run);
    }

    @Override
    public Open begin() throws JobPersistenceException {
      Connection conn = getNonManagedTXConnection();
      try {
        boolean owner = getLockHandler().obtainLock(conn, ReadWriteTriggerLock.SHARED);
        return new Open(conn, owner, Thread.currentThread());
      } catch (JobPersistenceException | RuntimeException e) {
        rollbackConnection(conn);
        cleanupConnection(conn);
        throw e;
      }
    }

    @Override
    public void commit(Open tx, Work<Boolean> check) throws JobPersistenceException {
      try {
        commitConnection(tx.conn());
      } catch (JobPersistenceException e) {
        rollbackConnection(tx.conn());
        Boolean tookEffect = retry(check);
        if (!Boolean.TRUE.equals(tookEffect)) {
          throw e;
        }
      }
    }

    @Override
    public void rollback(Open tx) {
      rollbackConnection(tx.conn());
    }

    @Override
    public void end(Open tx) {
      try {
        // The lock handler tracks owners per thread.
        if (tx.thread() == Thread.currentThread()) {
          releaseLock(ReadWriteTriggerLock.SHARED, tx.lockOwner());
        }
      } finally {
        cleanupConnection(tx.conn());
      }
    }

    @Override
    public void signalOnCommit() {
      signalSchedulingChangeOnTxCompletion(0L);
    }
  }
}
