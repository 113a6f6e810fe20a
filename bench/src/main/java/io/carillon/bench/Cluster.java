package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A running cluster under test, Carillon, raw Quartz or db-scheduler: how to grow it, how to create
 * the workloads' jobs on it and where its jobs' own records of their runs are.
 */
interface Cluster extends AutoCloseable {
  /** "carillon", "raw-quartz" or "db-scheduler". */
  String system();

  Pg db();

  List<NodeProcess> nodes();

  /** Starts nodes until there are {@code total}, and waits until each is ready. */
  void growTo(int total) throws Exception;

  /** One-shot no-op jobs {@code group/name} all due at {@code at}. */
  void createOneShots(String group, List<String> names, Instant at) throws Exception;

  /** No-op jobs each firing every {@code interval} from its start time until {@code endAt}. */
  void createRepeating(
      String group, List<String> names, List<Instant> startAts, Duration interval, Instant endAt)
      throws Exception;

  /** A job that runs for ten minutes and asks to be re-run elsewhere if its node dies. */
  void createLongRecoverable(String group, String name, Instant at) throws Exception;

  /** Stops the group's jobs from firing again (runs already started finish). */
  void stopGroup(String group) throws Exception;

  /** Jobs with no fire of their own that {@link #runNow} can start (if the system needs them). */
  void createRunnable(String group, List<String> names) throws Exception;

  /** Asks node {@code node} to run the job now; returns when that node has accepted. */
  void runNow(int node, String group, String name) throws Exception;

  /**
   * A sub-query of the runs the jobs recorded themselves, with the columns job_group, job_name,
   * node, scheduled_at, started_at and recovering (one row per run that started).
   */
  String runs();

  /** Kills the nodes. */
  @Override
  void close();

  /**
   * Statements and commits the counting driver counted in every live node so far; null when a live
   * node has counted nothing (its driver was not in front of PostgreSQL's).
   */
  default long[] jdbcCounts() throws Exception {
    long[] total = new long[2];
    for (NodeProcess node : nodes()) {
      if (node.alive()) {
        long[] counts = node.counts();
        if (counts == null || counts[0] == 0) {
          return null;
        }
        total[0] += counts[0];
        total[1] += counts[1];
      }
    }
    return total;
  }

  /**
   * Gives the planner statistics of the tables as the workload just wrote them, for every system
   * alike. This machine's PostgreSQL runs with {@code autovacuum = off}, so nothing else would:
   * Carillon analyses its firing-path tables itself, but raw Quartz and db-scheduler would run
   * every statement on plans made for empty tables (raw Quartz's foreign-key checks took 1.5 ms
   * each, its trigger delete 8 ms, and its burst of 5,000 missed 2,157 jobs). A production server's
   * autovacuum would have analysed them.
   */
  default void analyze() throws Exception {
    db().execute("ANALYZE");
  }

  /** Waits until {@code expected} distinct jobs of the group have recorded a run. */
  default void awaitRuns(String group, long expected, Duration timeout) throws Exception {
    db().awaitCount(
            "SELECT count(DISTINCT job_name) FROM " + runs() + " WHERE job_group = ?",
            expected,
            timeout,
            group);
  }
}
