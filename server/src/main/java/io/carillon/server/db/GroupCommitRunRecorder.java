package io.carillon.server.db;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.db.RecorderItem.Counted;
import io.carillon.server.db.RecorderItem.Finished;
import io.carillon.server.db.RecorderItem.Misfired;
import io.carillon.server.db.RecorderItem.Skipped;
import io.carillon.server.db.RecorderItem.Started;
import io.carillon.server.db.RecorderItem.Stop;
import io.carillon.server.db.RunRecordSql.NewRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * queued and writes it in one transaction ({@link RunBatchWriter}: a statement for all new rows,
 * one for all ends, two for the jobs' counters, one commit), then releases the callers waiting for
 * durability. While it writes, the next batch gathers, so batches grow with load and a quiet node
 * still writes at once.
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

  private final RunRecordSql sql;
  private final String cluster;
  private final Clock clock;
  private final BlockingQueue<RecorderItem> rows = new LinkedBlockingQueue<>();
  private final RunBatchWriter batches;
  private final Thread writer;

  /** What the job store writes itself, once {@link #foldIntoStore} was called. */
  private volatile StoreRunRecords store;

  private Instant nextSweep;
  private volatile boolean closed;
  private final AtomicBoolean running = new AtomicBoolean();

  public GroupCommitRunRecorder(
      DataSource dataSource, DatabaseDialect dialect, String cluster, Clock clock) {
    this.sql = RunRecordSql.of(dialect);
    this.cluster = cluster;
    this.clock = clock;
    this.batches = new RunBatchWriter(dataSource, sql, cluster, clock);
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

  private void enqueue(RecorderItem item) {
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
      List<RecorderItem> batch = new ArrayList<>();
      try {
        RecorderItem first = rows.poll(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
        batches.write(batch);
      }
      if (stop) {
        List<RecorderItem> rest = new ArrayList<>();
        rows.drainTo(rest);
        if (!rest.isEmpty()) {
          batches.write(rest);
        }
        return;
      }
    }
  }

  /**
   * A batch of counting only takes what else comes within {@link #COUNT_LINGER}; anything a caller
   * waits for (a start, an end, a misfire) or the stop ends the wait at once.
   */
  private void lingerIfOnlyCounting(List<RecorderItem> batch) throws InterruptedException {
    if (!batch.stream().allMatch(Counted.class::isInstance)) {
      return;
    }
    long deadline = System.nanoTime() + COUNT_LINGER.toNanos();
    while (batch.size() < MAX_BATCH) {
      long left = deadline - System.nanoTime();
      RecorderItem next = left <= 0 ? null : rows.poll(left, TimeUnit.NANOSECONDS);
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
   * stopped in between (queued for counting longer than {@link #STALE_AFTER} ago).
   */
  int sweepUncounted() {
    return batches.sweepUncounted(clock.instant().minus(STALE_AFTER), MAX_BATCH);
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
