package io.carillon.server.quartz.store;

import java.sql.Connection;
import org.quartz.JobPersistenceException;

/**
 * Quartz's transaction template under the set-based store's shared lock, for the store's parts:
 * {@code JobStoreSupport} keeps it protected, so {@link SetBasedJobStore} hands it out through
 * this. Every method takes {@link ReadWriteTriggerLock#SHARED}; exclusive work stays in the store.
 */
interface StoreTransactions {
  /** Work on a transaction's connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection conn) throws JobPersistenceException;
  }

  /** After a failed commit: whether it took effect after all, asked on a new connection. */
  @FunctionalInterface
  interface Check<T> {
    Boolean tookEffect(Connection conn, T result) throws JobPersistenceException;
  }

  /** A transaction that outlives the call that began it: its connection and lock ownership. */
  record Open(Connection conn, boolean lockOwner, Thread thread) {}

  /** Runs {@code work} in one transaction and commits; {@code check} may be null. */
  <T> T run(Work<T> work, Check<T> check) throws JobPersistenceException;

  /** Like {@link #run}, retrying until it succeeds or the scheduler shuts down. */
  <T> T retry(Work<T> work);

  /** Begins a transaction with the shared lock taken, for the caller to commit or roll back. */
  Open begin() throws JobPersistenceException;

  /**
   * Commits; if the commit fails, rolls back and asks {@code check} if it took effect after all.
   */
  void commit(Open tx, Work<Boolean> check) throws JobPersistenceException;

  /** Rolls back, which also releases the shared lock. */
  void rollback(Open tx);

  /** Forgets the lock (on the thread that took it) and returns the connection. */
  void end(Open tx);

  /** The scheduler thread is to look for triggers again once this transaction commits. */
  void signalOnCommit();
}
