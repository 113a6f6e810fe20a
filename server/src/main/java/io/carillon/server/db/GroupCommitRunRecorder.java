package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.JobId;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.FoldedRuns.Written;
import io.carillon.server.db.RunRecordSql.JobCounts;
import io.carillon.server.db.RunRecordSql.JobState;
import io.carillon.server.db.RunRecordSql.NewRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records runs by group commit. Callers queue what happened; one writer thread takes everything
 * queued and writes it in one transaction (a statement for all new rows, one for all ends, two for
 * the jobs' counters, one commit), then releases the callers waiting for durability. While it
 * writes, the next batch gathers, so batches grow with load and a quiet node still writes at once.
 *
 * <p>A run's end and the counters it moves on commit together, so whoever sees a run finished sees
 * it counted. Counting takes the jobs' row locks (in key order, after the history rows): an API
 * request that holds a job's row while it waits for Quartz delays the batch, but nothing Quartz
 * holds its lock for ever waits for this thread (misfires are only queued), so the wait ends.
 *
 * <p>With the set-based store ({@link #foldIntoStore}) the store writes starts and ends in its own
 * transactions and this thread only counts: a run's end commits with its fire's completion, its
 * counters follow a few milliseconds later, claimed through {@code carillon_uncounted_run} so that
 * each run is counted once even when its node stops in between ({@link #sweepUncounted}).
 */
public final class GroupCommitRunRecorder implements RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitRunRecorder.class);

  /** The most a batch holds; a burst beyond it is written in several. */
  static final int MAX_BATCH = 500;

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** How often a node looks for runs another node wrote but did not live to count. */
  static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

  /**
   * How long a batch of nothing but counting waits for more: no caller waits for counting, and each
   * counting transaction costs two statements and a commit whatever its size.
   */
  static final Duration COUNT_LINGER = Duration.ofMillis(10);

  /** A run queued for counting this long ago was left by a node that stopped first. */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

  /** One thing queued for the writer. */
  private interface Item {}

  private record Started(RunRecorder.Start start, CompletableFuture<Void> durable)
      implements Item {}

  private record Finished(
      RunRecorder.Finish finish,
      CompletableFuture<Void> durable,
      CompletableFuture<Boolean> wasFailing)
      implements Item {}

  private record Skipped(NewRow row) implements Item {}

  private record Misfired(RunRecorder.Misfire misfire, CompletableFuture<Optional<String>> type)
      implements Item {}

  private record Stop() implements Item {}

  /** Ends a job store wrote with its completions: they are counted on their jobs here. */
  private record Counted(List<StoreRunRecords.Ended> runs, Map<String, String> incarnations)
      implements Item {}

  private final DataSource dataSource;
  private final RunRecordSql sql;
  private final String cluster;
  private final Clock clock;
  private final BlockingQueue<Item> rows = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final UncountedRuns uncounted = new UncountedRuns();

  /** What the job store writes itself, once {@link #foldIntoStore} was called. */
  private volatile StoreRunRecords store;

  private Instant nextSweep;
  private volatile boolean closed;
  private final AtomicBoolean running = new AtomicBoolean();

  public GroupCommitRunRecorder(
      DataSource dataSource, DatabaseDialect dialect, String cluster, Clock clock) {
    this.dataSource = dataSource;
    this.sql = RunRecordSql.of(dialect);
    this.cluster = cluster;
    this.clock = clock;
    this.nextSweep = clock.instant();
    this.writer = daemon("carillon-run-records", this::loop);
  }

  /**
   * Starts the writer thread (at the latest with the first record): a recorder whose server never
   * started, say because a later part of its start-up failed, holds no thread that would go on
   * sweeping a closed pool.
   */
  @Override
  public void start() {
    if (running.compareAndSet(false, true)) {
      writer.start();
    }
  }

  @Override
  public void started(RunRecorder.Start start) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    enqueue(new Started(start, durable));
    await(durable);
  }

  /**
   * From now on the job store writes each run's start with its fire and its end in the transaction
   * completing the fire: {@link #started} is not called for the fires it wrote, {@link #finished}
   * and {@link #skipped} only hand the end over, and the store makes it durable before the worker
   * goes on. PostgreSQL only (the set-based store).
   */
  public FoldedRuns foldIntoStore() {
    if (!(sql instanceof PostgresRunRecordSql postgres)) {
      throw new IllegalStateException("only the PostgreSQL run records fold into the job store");
    }
    store = new StoreRunRecords(postgres, cluster, clock, this::countLater);
    return store;
  }

  private void countLater(List<StoreRunRecords.Ended> runs, Map<String, String> incarnations) {
    if (closed) {
      LOG.warn("{} ended run(s) are left for a later sweep to count", runs.size());
      return;
    }
    rows.add(new Counted(runs, incarnations));
    start();
  }

  @Override
  public CompletionStage<Boolean> finished(RunRecorder.Finish finish) {
    StoreRunRecords folded = store;
    if (folded != null) {
      return folded.handOver(finish);
    }
    CompletableFuture<Void> durable = new CompletableFuture<>();
    CompletableFuture<Boolean> wasFailing = new CompletableFuture<>();
    enqueue(new Finished(finish, durable, wasFailing));
    await(durable);
    return wasFailing;
  }

  @Override
  public Optional<RunRecorder.Start> recordedStart(String fireId) {
    StoreRunRecords folded = store;
    return folded == null ? Optional.empty() : folded.recordedStart(fireId);
  }

  @Override
  public void skipped(RunRecorder.Start start, String reason) {
    StoreRunRecords folded = store;
    if (folded != null && folded.skipIfStarted(start.fireId(), reason)) {
      return;
    }
    enqueue(new Skipped(new NewRow(start, ExecutionStatus.SKIPPED, start.startedAt(), 0L, reason)));
  }

  @Override
  public CompletionStage<Optional<String>> misfired(RunRecorder.Misfire misfire) {
    CompletableFuture<Optional<String>> type = new CompletableFuture<>();
    enqueue(new Misfired(misfire, type));
    return type;
  }

  private void enqueue(Item item) {
    if (closed) {
      throw new CarillonException("run records are closed: the node is stopping");
    }
    rows.add(item);
    start();
  }

  private static void await(CompletableFuture<Void> durable) {
    try {
      durable.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof CarillonException c ? c : new CarillonException(e.getMessage());
    }
  }

  /** Takes batches off the queue until it meets {@link Stop}, then writes what is left. */
  private void loop() {
    while (true) {
      sweepIfDue();
      List<Item> batch = new ArrayList<>();
      try {
        Item first = rows.poll(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      rows.drainTo(batch, MAX_BATCH - 1);
      try {
        lingerIfOnlyCounting(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean stop = batch.removeIf(Stop.class::isInstance);
      if (!batch.isEmpty()) {
        write(batch);
      }
      if (stop) {
        List<Item> rest = new ArrayList<>();
        rows.drainTo(rest);
        if (!rest.isEmpty()) {
          write(rest);
        }
        return;
      }
    }
  }

  /**
   * A batch of counting only takes what else comes within {@link #COUNT_LINGER}; anything a caller
   * waits for (a start, an end, a misfire) or the stop ends the wait at once.
   */
  private void lingerIfOnlyCounting(List<Item> batch) throws InterruptedException {
    if (!batch.stream().allMatch(Counted.class::isInstance)) {
      return;
    }
    long deadline = System.nanoTime() + COUNT_LINGER.toNanos();
    while (batch.size() < MAX_BATCH) {
      long left = deadline - System.nanoTime();
      Item next = left <= 0 ? null : rows.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      if (!(next instanceof Counted)) {
        rows.drainTo(batch, MAX_BATCH - batch.size());
        return;
      }
    }
  }

  // ---- one transaction per batch ---------------------------------------------------------------

  private void write(List<Item> batch) {
    try {
      done(batch, writeOnce(batch), null);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        done(batch, Result.NONE, e);
        return;
      }
      // One bad record must not cost the others theirs: write each alone, once.
      for (Item item : batch) {
        try {
          done(List.of(item), writeOnce(List.of(item)), null);
        } catch (SQLException | RuntimeException single) {
          done(List.of(item), Result.NONE, single);
        }
      }
    }
  }

  private Result writeOnce(List<Item> batch) throws SQLException {
    List<NewRow> inserts = new ArrayList<>();
    List<RunRecorder.Finish> finishes = new ArrayList<>();
    List<Item> toCount = new ArrayList<>();
    List<Finished> written = new ArrayList<>();
    Map<String, String> writtenIncarnations = new HashMap<>();
    for (Item item : batch) {
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
        Result result;
        if (written.isEmpty()) {
          result = count(connection, toCount, incarnations);
        } else {
          // Only the runs this transaction claims: a sweeping node may have counted some. The
          // claim and the jobs' row locks are one statement, claim first.
          Set<JobId> jobs = new HashSet<>(byJob(toCount).keySet());
          jobs.addAll(byJob(List.copyOf(written)).keySet());
          UncountedRuns.Claimed claimed =
              uncounted.claimAndLockJobs(
                  connection,
                  cluster,
                  written.stream().map(f -> f.finish().fireId()).toList(),
                  jobs);
          for (Finished end : written) {
            String fireId = end.finish().fireId();
            if (claimed.fireIds().contains(fireId)) {
              toCount.add(end);
              incarnations.put(fireId, writtenIncarnations.get(fireId));
            }
          }
          result = count(connection, byJob(toCount), claimed.jobs(), incarnations);
        }
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
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
  private void done(List<Item> batch, Result result, Exception failure) {
    for (Item item : batch) {
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
        c.runs()
            .forEach(
                r ->
                    r.wasFailing()
                        .complete(
                            result
                                .wasFailing()
                                .getOrDefault(
                                    new Finished(r.finish(), DURABLE, r.wasFailing()), false)));
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

  /** What a batch found: whether each run's job was failing before it, and the jobs' types. */
  private record Result(Map<Finished, Boolean> wasFailing, Map<JobId, String> types) {
    static final Result NONE = new Result(Map.of(), Map.of());
  }

  /**
   * Moves on the counters of every job the batch ended runs of or misfired. A run counts for its
   * job only if it started under the job's current incarnation ({@code incarnations}, by fire id;
   * null: recorded by a node that predates incarnations), not for a job created since under the
   * same name.
   */
  private Result count(Connection connection, List<Item> batch, Map<String, String> incarnations)
      throws SQLException {
    Map<JobId, List<Item>> byJob = byJob(batch);
    if (byJob.isEmpty()) {
      return Result.NONE;
    }
    // Locked in key order, so two nodes moving the same jobs on wait for each other in turn, and
    // each sees the other's outcome when it works out "was failing".
    return count(
        connection, byJob, sql.lockJobs(connection, cluster, byJob.keySet()), incarnations);
  }

  /** The batch's runs and misfires by job, each job's in the batch's order. */
  private static Map<JobId, List<Item>> byJob(List<? extends Item> batch) {
    Map<JobId, List<Item>> byJob = new LinkedHashMap<>();
    for (Item item : batch) {
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
  private Result count(
      Connection connection,
      Map<JobId, List<Item>> byJob,
      Map<JobId, JobState> states,
      Map<String, String> incarnations)
      throws SQLException {
    if (byJob.isEmpty()) {
      return Result.NONE;
    }
    Map<Finished, Boolean> wasFailing = new LinkedHashMap<>();
    List<JobCounts> counts = new ArrayList<>();
    for (Map.Entry<JobId, List<Item>> job : byJob.entrySet()) {
      JobState state = states.get(job.getKey());
      if (state == null) {
        continue;
      }
      List<Item> own =
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
      JobId job, List<Item> items, boolean failing, Map<Finished, Boolean> wasFailing) {
    int runs = 0;
    int failures = 0;
    int misfires = 0;
    RunRecorder.Finish last = null;
    for (Item item : items) {
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

  // ---- ends the job store writes --------------------------------------------------------------

  private void sweepIfDue() {
    if (store == null || clock.instant().isBefore(nextSweep)) {
      return;
    }
    nextSweep = clock.instant().plus(SWEEP_EVERY);
    sweepUncounted();
  }

  /**
   * Counts the runs that were written with their fire's completion but not counted: their node
   * stopped in between. Any node may do it; each run is counted by the one that claims it.
   */
  int sweepUncounted() {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<Written> stale =
            uncounted.claimStale(connection, clock.instant().minus(STALE_AFTER), MAX_BATCH);
        List<Item> runs = new ArrayList<>();
        Map<String, String> incarnations = new HashMap<>();
        for (Written end : stale) {
          runs.add(new Finished(end.finish(), DURABLE, new CompletableFuture<>()));
          incarnations.put(end.finish().fireId(), end.incarnation());
        }
        if (!runs.isEmpty()) {
          count(connection, runs, incarnations);
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

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    rows.add(new Stop());
    if (running.get()) {
      join(writer);
    }
    StoreRunRecords folded = store;
    if (folded != null && folded.untaken() > 0) {
      // Their fires were not completed either: failover judges their RUNNING rows.
      LOG.warn(
          "{} run end(s) were not written by the job store before it stopped", folded.untaken());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        LOG.warn(
            "{} did not finish within {}; run records may be missing",
            thread.getName(),
            CLOSE_WAIT);
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
