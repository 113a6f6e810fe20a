package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.JobId;
import io.carillon.server.db.RecorderItem.Finished;
import io.carillon.server.db.RecorderItem.Misfired;
import io.carillon.server.db.RunRecordSql.JobCounts;
import io.carillon.server.db.RunRecordSql.JobState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves on the counters of every job a batch ended runs of or misfired, in the batch's transaction
 * and on job rows it has locked, so that whoever sees a run finished sees it counted.
 */
final class RunCounter {
  /** What a batch found: whether each run's job was failing before it, and the jobs' types. */
  record Result(Map<Finished, Boolean> wasFailing, Map<JobId, String> types) {
    static final Result NONE = new Result(Map.of(), Map.of());
  }

  private final RunRecordSql sql;
  private final String cluster;

  RunCounter(RunRecordSql sql, String cluster) {
    this.sql = sql;
    this.cluster = cluster;
  }

  /**
   * Locks the batch's jobs and counts. A run counts for its job only if it started under the job's
   * current incarnation ({@code incarnations}, by fire id; null: recorded by a node that predates
   * incarnations), not for a job created since under the same name.
   */
  Result lockAndCount(
      Connection connection, List<RecorderItem> batch, Map<String, String> incarnations)
      throws SQLException {
    Map<JobId, List<RecorderItem>> byJob = byJob(batch);
    if (byJob.isEmpty()) {
      return Result.NONE;
    }
    // Locked in key order, so two nodes moving the same jobs on wait for each other in turn, and
    // each sees the other's outcome when it works out "was failing".
    return count(
        connection, byJob, sql.lockJobs(connection, cluster, byJob.keySet()), incarnations);
  }

  /** The batch's runs and misfires by job, each job's in the batch's order. */
  static Map<JobId, List<RecorderItem>> byJob(List<? extends RecorderItem> batch) {
    Map<JobId, List<RecorderItem>> byJob = new LinkedHashMap<>();
    for (RecorderItem item : batch) {
      JobId job = null;
      if (item instanceof Finished f) {
        job = new JobId(f.finish().jobGroup(), f.finish().jobName());
      } else if (item instanceof Misfired m) {
        job = new JobId(m.misfire().jobGroup(), m.misfire().jobName());
      }
      if (job != null) {
        byJob.computeIfAbsent(job, k -> new ArrayList<>()).add(item);
      }
    }
    return byJob;
  }

  /** Counts {@code byJob} on jobs whose rows this transaction has locked ({@code states}). */
  Result count(
      Connection connection,
      Map<JobId, List<RecorderItem>> byJob,
      Map<JobId, JobState> states,
      Map<String, String> incarnations)
      throws SQLException {
    if (byJob.isEmpty()) {
      return Result.NONE;
    }
    Map<Finished, Boolean> wasFailing = new LinkedHashMap<>();
    List<JobCounts> counts = new ArrayList<>();
    for (Map.Entry<JobId, List<RecorderItem>> job : byJob.entrySet()) {
      JobState state = states.get(job.getKey());
      if (state == null) {
        continue;
      }
      List<RecorderItem> own =
          job.getValue().stream()
              .filter(
                  item ->
                      !(item instanceof Finished f)
                          || ownRun(incarnations.get(f.finish().fireId()), state))
              .toList();
      counts.add(count(job.getKey(), own, state.failing(), wasFailing));
    }
    Map<JobId, String> types =
        counts.isEmpty() ? Map.of() : sql.addCounts(connection, cluster, counts);
    return new Result(wasFailing, types);
  }

  private static boolean ownRun(String incarnation, JobState job) {
    return incarnation == null || incarnation.equals(job.incarnation());
  }

  /** One job's runs in the order they ended: what they add, and whether each found it failing. */
  private static JobCounts count(
      JobId job, List<RecorderItem> items, boolean failing, Map<Finished, Boolean> wasFailing) {
    int runs = 0;
    int failures = 0;
    int misfires = 0;
    RunRecorder.Finish last = null;
    for (RecorderItem item : items) {
      if (item instanceof Finished f) {
        RunRecorder.Finish finish = f.finish();
        wasFailing.put(f, failing);
        runs++;
        failures += finish.status().isFailure() ? 1 : 0;
        // A final failure starts a failing spell, a success ends it; anything else leaves it be.
        failing =
            finish.finalFailure() || (failing && finish.status() != ExecutionStatus.SUCCEEDED);
        last = finish;
      } else if (item instanceof Misfired) {
        misfires++;
      }
    }
    return new JobCounts(job, runs, failures, misfires, last, failing);
  }
}
