package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A running cluster under test, raw Quartz or Carillon: how to create the workloads' jobs on it and
 * where its jobs' own records of their runs are.
 */
interface Cluster extends AutoCloseable {
  /** "carillon" or "raw-quartz". */
  String system();

  Pg db();

  List<NodeProcess> nodes();

  /** One-shot no-op jobs {@code group/name} all due at {@code at}. */
  void createOneShots(String group, List<String> names, Instant at) throws Exception;

  /** No-op jobs each firing every {@code interval} from its start time until {@code endAt}. */
  void createRepeating(
      String group, List<String> names, List<Instant> startAts, Duration interval, Instant endAt)
      throws Exception;

  /** A job that runs for ten minutes and asks to be re-run elsewhere if its node dies. */
  void createLongRecoverable(String group, String name, Instant at) throws Exception;

  /**
   * A sub-query of the runs the jobs recorded themselves, with the columns job_group, job_name,
   * node, scheduled_at, started_at and recovering (one row per run that started).
   */
  String runs();

  /** Statements and commits counted at the JDBC level on every node, or null if not counted. */
  long[] jdbcCounts() throws Exception;

  /** Kills the nodes. */
  @Override
  void close();

  /** Waits until {@code expected} distinct jobs of the group have recorded a run. */
  default void awaitRuns(String group, long expected, Duration timeout) throws Exception {
    db().awaitCount(
            "SELECT count(DISTINCT job_name) FROM " + runs() + " WHERE job_group = ?",
            expected,
            timeout,
            group);
  }
}
