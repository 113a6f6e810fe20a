package io.carillon.server.db;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.db.RunRecordSql.NewRow;
import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Start;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run records the set-based job store writes in its own transactions ({@link FoldedRuns}): the
 * starts it wrote with their fires, the ends handed over for it to write with their completions,
 * and those it took until they commit. Written ends go to {@link Counter}, which counts them on
 * their jobs in a transaction of its own.
 */
final class StoreRunRecords implements FoldedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRunRecords.class);

  /** An end handed over, and who waits to learn whether its job was failing before it. */
  record Ended(Finish finish, CompletableFuture<Boolean> wasFailing) {}

  /** Counts written runs on their jobs; {@code incarnations} by fire id. */
  interface Counter {
    void count(List<Ended> ends, Map<String, String> incarnations);
  }

  private final PostgresRunRecordSql sql;
  private final String cluster;
  private final Clock clock;
  private final Counter counter;

  /** Starts the store wrote with their fires, until their end is taken. */
  private final Map<String, Start> started = new ConcurrentHashMap<>();

  /** Ends handed over and not yet taken, by fire id. */
  private final Map<String, Ended> unwritten = new ConcurrentHashMap<>();

  /** Ends the store took, until it committed them or put them back. */
  private final Map<String, Ended> taken = new ConcurrentHashMap<>();

  StoreRunRecords(PostgresRunRecordSql sql, String cluster, Clock clock, Counter counter) {
    this.sql = sql;
    this.cluster = cluster;
    this.clock = clock;
    this.counter = counter;
  }

  Optional<Start> recordedStart(String fireId) {
    return Optional.ofNullable(started.get(fireId));
  }

  /** The end of a run, for the store to write with its fire's completion. */
  CompletionStage<Boolean> handOver(Finish finish) {
    Ended end = new Ended(finish, new CompletableFuture<>());
    unwritten.put(finish.fireId(), end);
    return end.wasFailing();
  }

  /**
   * A fire vetoed after the store wrote its RUNNING row ends SKIPPED with its completion, and is
   * not a run; false when the store did not write its start.
   */
  boolean skipIfStarted(String fireId, String reason) {
    Start start = started.get(fireId);
    if (start == null) {
      return false;
    }
    Finish skip = end(start, ExecutionStatus.SKIPPED, reason, false);
    unwritten.put(fireId, new Ended(skip, CompletableFuture.completedFuture(false)));
    return true;
  }

  /** Ends handed over that the store never took. */
  int untaken() {
    return unwritten.size();
  }

  @Override
  public Starting starting(List<Start> starts, String firedIds) {
    // Stamped by Carillon's clock, as the starts it records itself are.
    Instant now = clock.instant();
    return new InsertStarts(starts.stream().map(start -> startedAt(start, now)).toList(), firedIds);
  }

  /** {@link PostgresRunRecordSql#insertStartsWith} for one batch of starts. */
  private final class InsertStarts implements Starting {
    private final List<Start> stamped;
    private final String firedIds;

    InsertStarts(List<Start> stamped, String firedIds) {
      this.stamped = stamped;
      this.firedIds = firedIds;
    }

    @Override
    public String with() {
      return PostgresRunRecordSql.insertStartsWith(firedIds);
    }

    @Override
    public String select() {
      return PostgresRunRecordSql.INSERT_STARTS_SELECT;
    }

    @Override
    public int bind(Connection connection, PreparedStatement statement, int first)
        throws SQLException {
      return PostgresRunRecordSql.bindInsert(
          connection,
          statement,
          first,
          cluster,
          stamped.stream()
              .map(start -> new NewRow(start, ExecutionStatus.RUNNING, null, null, null))
              .toList());
    }

    @Override
    public List<Start> written(Set<String> fireIds) {
      return stamped.stream().filter(start -> fireIds.contains(start.fireId())).toList();
    }
  }

  @Override
  public void startsWritten(List<Start> starts) {
    starts.forEach(start -> started.put(start.fireId(), start));
  }

  @Override
  public List<Finish> take(Collection<String> fireIds) {
    List<Finish> found = new ArrayList<>();
    for (String fireId : fireIds) {
      Start start = started.remove(fireId);
      Ended end = unwritten.remove(fireId);
      if (end == null && start != null) {
        LOG.warn(
            "Fire {} of {}/{} completed without its job running",
            fireId,
            start.jobGroup(),
            start.jobName());
        String error = "the job could not be run on node " + start.nodeId() + ": see its log";
        end = new Ended(end(start, ExecutionStatus.FAILED, error, true), new CompletableFuture<>());
      }
      if (end != null) {
        taken.put(fireId, end);
        found.add(end.finish());
      }
    }
    return found;
  }

  @Override
  public Ending ending(List<Finish> finishes) {
    // Skips are not runs: they end, but nothing counts them.
    List<String> toCount =
        finishes.stream()
            .filter(f -> f.status() != ExecutionStatus.SKIPPED)
            .map(Finish::fireId)
            .toList();
    return new FinishUncounted(finishes, toCount, clock.instant());
  }

  /** {@link PostgresRunRecordSql#FINISH_UNCOUNTED_WITH} for one batch of ends. */
  private final class FinishUncounted implements Ending {
    private final List<Finish> finishes;
    private final List<String> toCount;
    private final Instant queuedAt;

    FinishUncounted(List<Finish> finishes, List<String> toCount, Instant queuedAt) {
      this.finishes = finishes;
      this.toCount = toCount;
      this.queuedAt = queuedAt;
    }

    @Override
    public String with() {
      return PostgresRunRecordSql.FINISH_UNCOUNTED_WITH;
    }

    @Override
    public String select() {
      return PostgresRunRecordSql.FINISH_UNCOUNTED_SELECT;
    }

    @Override
    public int bind(Connection connection, PreparedStatement statement, int first)
        throws SQLException {
      return PostgresRunRecordSql.bindFinishUncounted(
          connection, statement, first, finishes, toCount, queuedAt);
    }

    @Override
    public List<Written> written(ResultSet rows) throws SQLException {
      Map<String, String> incarnations = new HashMap<>();
      while (rows.next()) {
        incarnations.put(rows.getString(1), rows.getString(2));
      }
      List<Written> written = new ArrayList<>();
      for (Finish finish : finishes) {
        if (incarnations.containsKey(finish.fireId())) {
          written.add(new Written(finish, incarnations.get(finish.fireId())));
        } else {
          // Its start was never recorded: there is no row to end and nothing to count.
          taken.remove(finish.fireId());
        }
      }
      return written;
    }
  }

  @Override
  public void written(List<Written> written) {
    List<Ended> runs = new ArrayList<>();
    Map<String, String> incarnations = new HashMap<>();
    for (Written end : written) {
      Ended run = taken.remove(end.finish().fireId());
      if (run != null && run.finish().status() != ExecutionStatus.SKIPPED) {
        runs.add(run);
        incarnations.put(end.finish().fireId(), end.incarnation());
      }
    }
    if (!runs.isEmpty()) {
      counter.count(runs, incarnations);
    }
  }

  @Override
  public void putBack(List<Finish> finishes) {
    for (Finish finish : finishes) {
      Ended end = taken.remove(finish.fireId());
      if (end != null) {
        unwritten.put(finish.fireId(), end);
      }
    }
  }

  private Finish end(Start start, ExecutionStatus status, String error, boolean finalFailure) {
    return new Finish(
        start.id(),
        start.fireId(),
        start.jobGroup(),
        start.jobName(),
        start.startedAt(),
        clock.instant(),
        0L,
        status,
        error,
        null,
        null,
        false,
        finalFailure);
  }

  private static Start startedAt(Start start, Instant at) {
    return new Start(
        start.id(),
        start.fireId(),
        start.jobGroup(),
        start.jobName(),
        start.nodeId(),
        start.scheduledAt(),
        at,
        start.trigger(),
        start.attempt());
  }
}
