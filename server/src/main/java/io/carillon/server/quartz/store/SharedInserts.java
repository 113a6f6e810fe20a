package io.carillon.server.quartz.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.spi.OperableTrigger;

/**
 * New triggers, and new jobs with their first trigger, stored under the shared lock: nothing can
 * fire them before the commit, so they need no exclusive access (Quartz's lockOnInsert serialises
 * every POST /jobs with all firing). What is not new goes the stock, exclusive way.
 */
final class SharedInserts {
  /** Told of each trigger stored, in its transaction (to wake the other nodes). */
  @FunctionalInterface
  interface Stored {
    void stored(Connection conn, OperableTrigger trigger) throws JobPersistenceException;
  }

  private final StoreTransactions transactions;
  private final NewTriggers newTriggers;
  private final Stored stored;

  SharedInserts(StoreTransactions transactions, NewTriggers newTriggers, Stored stored) {
    this.transactions = transactions;
    this.newTriggers = newTriggers;
    this.stored = stored;
  }

  /**
   * Stores a new trigger after locking its job's row: a concurrent fire or completion of a
   * non-concurrent job holds that row, so the new trigger sees whether it must start BLOCKED. Pause
   * and resume are exclusive, so the paused-group check cannot race. False, with nothing written,
   * for an existing trigger (a replace) or a missing job: the caller goes the stock way.
   */
  boolean storeTriggerIfNew(OperableTrigger trigger) throws JobPersistenceException {
    return transactions.run(
        conn -> {
          try {
            JobDetail job = newTriggers.lockJob(conn, trigger.getJobKey()).orElse(null);
            if (job == null) {
              return false;
            }
            NewTriggers.Found found = newTriggers.look(conn, trigger.getKey(), trigger.getJobKey());
            if (found.triggerExists()) {
              return false;
            }
            newTriggers.insertTrigger(conn, trigger, found.state(job), job);
          } catch (SQLException | IOException | ClassNotFoundException e) {
            throw new JobPersistenceException(
                "Couldn't store trigger '" + trigger.getKey() + "': " + e.getMessage(), e);
          }
          stored.stored(conn, trigger);
          return true;
        },
        null);
  }

  /**
   * A new job with its first trigger. Quartz's checks (neither exists yet, the group's pause) are
   * one statement before the inserts.
   */
  void storeJobAndTrigger(JobDetail job, OperableTrigger trigger) throws JobPersistenceException {
    transactions.run(
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
          stored.stored(conn, trigger);
          return null;
        },
        null);
  }
}
