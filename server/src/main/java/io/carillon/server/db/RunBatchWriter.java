package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.JobId;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.FoldedRuns.Written;
import io.carillon.server.db.RecorderItem.Counted;
import io.carillon.server.db.RecorderItem.Finished;
import io.carillon.server.db.RecorderItem.Misfired;
import io.carillon.server.db.RecorderItem.Skipped;
import io.carillon.server.db.RecorderItem.Started;
import io.carillon.server.db.RunCounter.Result;
import io.carillon.server.db.RunRecordSql.NewRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of queued run records in one transaction (a statement for all new rows, one for
 * all ends, two for the jobs' counters, one commit), then releases the callers waiting on it.
 */
final class RunBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RunBatchWriter.class);

  /** Runs the job store has already made durable: nobody waits for them here. */
  private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

  private final DataSource dataSource;
  private final RunRecordSql sql;
  private final String cluster;
  private final Clock clock;
  private final RunCounter counter;
  private final UncountedRuns uncounted = new UncountedRuns();

  RunBatchWriter(DataSource dataSource, RunRecordSql sql, String cluster, Clock clock) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.cluster = cluster;
    this.clock = clock;
    this.counter = new RunCounter(sql, cluster);
  }

  /** Writes the batch; if it fails, each item alone, once, so one bad record costs no other. */
  void write(List<RecorderItem> batch) {
    try {
      done(batch, writeOnce(batch), null);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        done(batch, Result.NONE, e);
        return;
      }
      for (RecorderItem item : batch) {
        try {
          done(List.of(item), writeOnce(List.of(item)), null);
        } catch (SQLException | RuntimeException single) {
          done(List.of(item), Result.NONE, single);
        }
      }
    }
  }

  private Result writeOnce(List<RecorderItem> batch) throws SQLException {
    List<NewRow> inserts = new ArrayList<>();
    List<RunRecorder.Finish> finishes = new ArrayList<>();
    List<RecorderItem> toCount = new ArrayList<>();
    List<Finished> written = new ArrayList<>();
    Map<String, String> writtenIncarnations = new HashMap<>();
    for (RecorderItem item : batch) {
      if (item instanceof Counted c) {
        c.runs().forEach(r -> written.add(new Finished(r.finish(), DURABLE, r.wasFailing())));
        writtenIncarnations.putAll(c.incarnations());
      } else {
        toCount.add(item);
      }
      if (item instanceof Started s) {
        inserts.add(new NewRow(s.start(), ExecutionStatus.RUNNING, null, null, null));
      } else if (item instanceof Skipped s) {
        inserts.add(s.row());
      } else if (item instanceof Misfired m && m.misfire().dropsMissedTime()) {
        inserts.add(skippedMisfire(m.misfire()));
      } else if (item instanceof Finished f) {
        finishes.add(f.finish());
      }
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        // Inserts first: a run that starts and ends within one batch must exist before it ends.
        if (!inserts.isEmpty()) {
          sql.insert(connection, cluster, inserts);
        }
        Map<String, String> incarnations =
            new HashMap<>(finishes.isEmpty() ? Map.of() : sql.finish(connection, finishes));
        Result result =
            written.isEmpty()
                ? counter.lockAndCount(connection, toCount, incarnations)
                : countClaimed(connection, toCount, written, writtenIncarnations, incarnations);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Counts the ends the store wrote that this transaction claims (a sweeping node may have counted
   * some) with the batch's own. The claim and the jobs' row locks are one statement, claim first.
   */
  private Result countClaimed(
      Connection connection,
      List<RecorderItem> toCount,
      List<Finished> written,
      Map<String, String> writtenIncarnations,
      Map<String, String> incarnations)
      throws SQLException {
    Set<JobId> jobs = new HashSet<>(RunCounter.byJob(toCount).keySet());
    jobs.addAll(RunCounter.byJob(written).keySet());
    UncountedRuns.Claimed claimed =
        uncounted.claimAndLockJobs(
            connection, cluster, written.stream().map(f -> f.finish().fireId()).toList(), jobs);
    for (Finished end : written) {
      String fireId = end.finish().fireId();
      if (claimed.fireIds().contains(fireId)) {
        toCount.add(end);
        incarnations.put(fireId, writtenIncarnations.get(fireId));
      }
    }
    return counter.count(connection, RunCounter.byJob(toCount), claimed.jobs(), incarnations);
  }

  private NewRow skippedMisfire(RunRecorder.Misfire misfire) {
    var now = clock.instant();
    return new NewRow(
        new RunRecorder.Start(
            UUID.randomUUID().toString(),
            "misfire-" + UUID.randomUUID(),
            misfire.jobGroup(),
            misfire.jobName(),
            misfire.nodeId(),
            misfire.missedAt(),
            now,
            TriggerKind.SCHEDULE,
            1),
        ExecutionStatus.SKIPPED,
        now,
        0L,
        "misfired: the fire time passed while no node could run it (misfire: skip)");
  }

  /** Releases the waiting callers: with the batch's outcome, or with its failure. */
  private void done(List<RecorderItem> batch, Result result, Exception failure) {
    for (RecorderItem item : batch) {
      if (item instanceof Started s) {
        complete(s.durable(), failure, "the start of " + s.start().fireId());
      } else if (item instanceof Finished f) {
        complete(f.durable(), failure, "the end of " + f.finish().fireId());
        f.wasFailing().complete(result.wasFailing().getOrDefault(f, false));
      } else if (item instanceof Skipped s && failure != null) {
        LOG.error("Could not record the skipped fire {}", s.row().start().fireId(), failure);
      } else if (item instanceof Counted c) {
        if (failure != null) {
          LOG.warn(
              "Could not count {} ended run(s) yet; a later sweep counts them: {}",
              c.runs().size(),
              failure.getMessage());
        }
        for (StoreRunRecords.Ended r : c.runs()) {
          Finished asCounted = new Finished(r.finish(), DURABLE, r.wasFailing());
          r.wasFailing().complete(result.wasFailing().getOrDefault(asCounted, false));
        }
      } else if (item instanceof Misfired m) {
        JobId job = new JobId(m.misfire().jobGroup(), m.misfire().jobName());
        if (failure != null) {
          LOG.error("Could not record a misfire of {}", job, failure);
        }
        m.type().complete(Optional.ofNullable(result.types().get(job)));
      }
    }
  }

  private static void complete(CompletableFuture<Void> future, Exception failure, String what) {
    if (failure == null) {
      future.complete(null);
    } else {
      future.completeExceptionally(new CarillonException("could not record " + what, failure));
    }
  }

  /**
   * Counts up to {@code max} runs that were written with their fire's completion before {@code
   * staleBefore} but not counted: their node stopped in between. Any node may do it; each run is
   * counted by the one that claims it. Returns how many it counted.
   */
  int sweepUncounted(Instant staleBefore, int max) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<Written> stale = uncounted.claimStale(connection, staleBefore, max);
        List<RecorderItem> runs = new ArrayList<>();
        Map<String, String> incarnations = new HashMap<>();
        for (Written end : stale) {
          runs.add(new Finished(end.finish(), DURABLE, new CompletableFuture<>()));
          incarnations.put(end.finish().fireId(), end.incarnation());
        }
        if (!runs.isEmpty()) {
          counter.lockAndCount(connection, runs, incarnations);
        }
        connection.commit();
        if (!runs.isEmpty()) {
          LOG.info("Counted {} ended run(s) that a stopped node had not", runs.size());
        }
        return runs.size();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not count the runs stopped nodes left uncounted: {}", e.getMessage());
      return 0;
    }
  }
}
