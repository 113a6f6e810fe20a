package io.carillon.server.db;

/**
 * The SQL of the reader/writer lock that the set-based job store puts beside Quartz's
 * TRIGGER_ACCESS row lock. Management work (storing, pausing, deleting, repairing triggers) takes
 * it exclusively after the row lock; the firing path takes it shared and nothing else global, so
 * nodes fire side by side while any management operation still sees no firing in progress. Both are
 * transaction-scoped: commit or rollback releases them, so no code path can leak one.
 *
 * <p>The two-key form keeps these locks apart from the single-key ones of {@link ClusterLock}; the
 * second key is the scheduler name, so clusters sharing a database do not block each other.
 */
public final class TriggerAccessLock {
  /** First key of the pair: "Cari" in ASCII, to recognise the lock in pg_locks. */
  private static final String CLASS_ID = "1130459753";

  /** Waits for every shared holder to finish; new shared requests queue behind it. */
  public static final String EXCLUSIVE =
      "SELECT pg_advisory_xact_lock(" + CLASS_ID + ", hashtext(?))";

  /**
   * Held by each firing-path transaction; conflicts only with {@link #EXCLUSIVE}. The same
   * statement steers the planner for the rest of that transaction (and only it): every firing-path
   * statement looks up a batch of keys, and on tables filled faster than autovacuum analyses them
   * (a burst of new jobs) the planner, without statistics, joined the batch against a scan of every
   * trigger, costing milliseconds of server CPU per fire. With joins by hash or merge and scans
   * off, it probes the indexes key by key, whatever the statistics say.
   *
   * <p>It also plans each firing-path statement once per connection instead of once per call. Left
   * to choose, PostgreSQL planned them afresh at every execution (a generic plan, estimated for
   * unknown batch sizes, always looks dearer than one for the batch at hand): the acquisition
   * alone, with its eight joined tables, spent 10 ms planning for each half a millisecond of work.
   * With the joins and scans above ruled out, the generic plan is the index-probing one anyway.
   */
  public static final String SHARED =
      "SELECT pg_advisory_xact_lock_shared("
          + CLASS_ID
          + ", hashtext(?)), set_config('enable_hashjoin', 'off', true),"
          + " set_config('enable_mergejoin', 'off', true),"
          + " set_config('enable_seqscan', 'off', true),"
          + " set_config('plan_cache_mode', 'force_generic_plan', true)";

  private TriggerAccessLock() {}
}
