package io.carillon.server.db;

import static io.carillon.server.db.RunRecorderContract.CLUSTER;
import static io.carillon.server.db.RunRecorderContract.T0;
import static io.carillon.server.db.RunRecorderContract.finish;
import static io.carillon.server.db.RunRecorderContract.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Start;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run ends written by the job store ({@link GroupCommitRunRecorder#foldIntoStore}): the final row
 * commits with the store's transaction and only then, the job's counters follow in a transaction of
 * the recorder's own; a run is counted exactly once, by its node or, when that node stopped between
 * the two, by a sweep on any node.
 */
class FoldedRunsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(FoldedRunsIT.class);

  private final SettableClock clock = new SettableClock(T0);
  private HikariDataSource pool;
  private GroupCommitRunRecorder recorder;
  private FoldedRuns ends;

  @BeforeEach
  void open() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB.url());
    config.setUsername(DB.user());
    config.setPassword(DB.password());
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
    new DatabaseMigrator(new Database(DatabaseDialect.POSTGRESQL, pool)).migrate();
    execute("DELETE FROM carillon_execution");
    execute("DELETE FROM carillon_uncounted_run");
    execute("DELETE FROM carillon_job");
    execute(
        "INSERT INTO carillon_job (sched_name, job_group, job_name, type, definition, enabled,"
            + " version, source, created_at, updated_at, incarnation) VALUES ('carillon', 'g',"
            + " 'a', 'noop', '{}', TRUE, 1, 'api', now(), now(), 'inc-1')");
    recorder = recorder();
    ends = recorder.foldIntoStore();
  }

  @AfterEach
  void close() {
    recorder.close();
    pool.close();
  }

  private GroupCommitRunRecorder recorder() {
    return new GroupCommitRunRecorder(pool, DatabaseDialect.POSTGRESQL, CLUSTER, clock);
  }

  @Test
  void an_end_becomes_final_with_the_store_commit_and_the_counters_follow() throws Exception {
    Start start = start("g", "a");
    recorder.started(start);

    CompletionStage<Boolean> wasFailing =
        recorder.finished(finish(start, ExecutionStatus.FAILED, true));

    // Handed over, not written: the row changes only in the store's transaction.
    assertThat(status(start.fireId())).isEqualTo("RUNNING");
    List<FoldedRuns.Written> written = inStoreTransaction(List.of(start.fireId()), true);

    assertThat(written).hasSize(1);
    assertThat(status(start.fireId())).isEqualTo("FAILED");
    ends.written(written);
    assertThat(wasFailing.toCompletableFuture().get(20, TimeUnit.SECONDS)).isFalse();
    assertThat(number("SELECT executions FROM carillon_job")).isEqualTo(1);
    assertThat(number("SELECT failures FROM carillon_job")).isEqualTo(1);
    assertThat(text("SELECT last_status FROM carillon_job")).isEqualTo("FAILED");
    assertThat(number("SELECT count(*) FROM carillon_uncounted_run")).isZero();
  }

  @Test
  void ends_of_a_transaction_that_rolled_back_are_taken_again_on_the_next_attempt()
      throws Exception {
    Start start = start("g", "a");
    recorder.started(start);
    CompletionStage<Boolean> wasFailing =
        recorder.finished(finish(start, ExecutionStatus.SUCCEEDED, false));

    inStoreTransaction(List.of(start.fireId()), false);
    assertThat(status(start.fireId())).isEqualTo("RUNNING");
    assertThat(number("SELECT count(*) FROM carillon_uncounted_run")).isZero();

    ends.written(inStoreTransaction(List.of(start.fireId()), true));
    assertThat(status(start.fireId())).isEqualTo("SUCCEEDED");
    assertThat(wasFailing.toCompletableFuture().get(20, TimeUnit.SECONDS)).isFalse();
    assertThat(number("SELECT executions FROM carillon_job")).isEqualTo(1);
  }

  @Test
  void a_fire_whose_end_was_not_handed_over_takes_nothing() throws Exception {
    Start start = start("g", "a");
    recorder.started(start);

    assertThat(ends.take(List.of(start.fireId()))).isEmpty();
    assertThat(inStoreTransaction(List.of("fire-unknown"), true)).isEmpty();
    assertThat(status(start.fireId())).isEqualTo("RUNNING");
  }

  @Test
  void a_run_its_node_did_not_live_to_count_is_counted_once_by_a_later_sweep() throws Exception {
    Start start = start("g", "a");
    recorder.started(start);
    recorder.finished(finish(start, ExecutionStatus.SUCCEEDED, false));
    // Written with the store's commit; the node stops before it counts (written is never called).
    inStoreTransaction(List.of(start.fireId()), true);

    GroupCommitRunRecorder other = recorder();
    try {
      assertThat(other.sweepUncounted()).as("too recent: its node may still count it").isZero();
      clock.advance(GroupCommitRunRecorder.STALE_AFTER.plus(Duration.ofSeconds(1)));

      // This call or the recorders' own sweeps: whichever claims the run counts it.
      other.sweepUncounted();
      awaitNothingUncounted();
      assertThat(other.sweepUncounted()).isZero();
    } finally {
      other.close();
    }
    assertThat(number("SELECT executions FROM carillon_job")).isEqualTo(1);
    assertThat(text("SELECT last_status FROM carillon_job")).isEqualTo("SUCCEEDED");
    assertThat(number("SELECT count(*) FROM carillon_uncounted_run")).isZero();
  }

  @Test
  void a_run_a_sweep_counted_first_is_not_counted_again_by_its_node() throws Exception {
    Start start = start("g", "a");
    recorder.started(start);
    CompletionStage<Boolean> wasFailing =
        recorder.finished(finish(start, ExecutionStatus.SUCCEEDED, false));
    List<FoldedRuns.Written> written = inStoreTransaction(List.of(start.fireId()), true);
    clock.advance(GroupCommitRunRecorder.STALE_AFTER.plus(Duration.ofSeconds(1)));
    GroupCommitRunRecorder other = recorder();
    try {
      other.sweepUncounted();
      awaitNothingUncounted();
    } finally {
      other.close();
    }

    ends.written(written);

    assertThat(wasFailing.toCompletableFuture().get(20, TimeUnit.SECONDS)).isFalse();
    assertThat(number("SELECT executions FROM carillon_job")).isEqualTo(1);
  }

  @Test
  void a_start_written_with_the_fire_is_recorded_once_it_commits() throws Exception {
    Start start = start("g", "a");

    List<Start> written = startsInStoreTransaction(List.of(start), false);
    assertThat(written).isEmpty();
    assertThat(recorder.recordedStart(start.fireId())).isEmpty();
    assertThat(number("SELECT count(*) FROM carillon_execution")).isZero();

    written = startsInStoreTransaction(List.of(start), true);
    assertThat(written).extracting(Start::fireId).containsExactly(start.fireId());
    assertThat(recorder.recordedStart(start.fireId())).map(Start::id).contains(start.id());
    assertThat(status(start.fireId())).isEqualTo("RUNNING");
    assertThat(text("SELECT job_incarnation FROM carillon_execution")).isEqualTo("inc-1");
  }

  @Test
  void a_start_whose_execution_id_is_taken_is_left_to_its_run_and_fails_no_other()
      throws Exception {
    Start first = start("g", "a");
    recorder.started(first);
    Start sameId =
        new Start(first.id(), "fire-other", "g", "a", "node-1", T0, T0, first.trigger(), 1);
    Start other = start("g", "a");

    List<Start> written = startsInStoreTransaction(List.of(sameId, other), true);

    assertThat(written).extracting(Start::fireId).containsExactly(other.fireId());
    assertThat(recorder.recordedStart("fire-other")).isEmpty();
    assertThat(status(other.fireId())).isEqualTo("RUNNING");
  }

  @Test
  void a_vetoed_fire_ends_skipped_and_is_not_counted() throws Exception {
    Start start = start("g", "a");
    startsInStoreTransaction(List.of(start), true);

    recorder.skipped(start, "skipped: the job was still running (overlap: skip)");
    ends.written(inStoreTransaction(List.of(start.fireId()), true));

    assertThat(status(start.fireId())).isEqualTo("SKIPPED");
    assertThat(text("SELECT error FROM carillon_execution")).contains("overlap: skip");
    assertThat(number("SELECT count(*) FROM carillon_uncounted_run")).isZero();
    assertThat(number("SELECT executions FROM carillon_job")).isZero();
  }

  @Test
  void a_fire_completed_without_its_job_running_ends_failed_and_counts() throws Exception {
    Start start = start("g", "a");
    startsInStoreTransaction(List.of(start), true);

    // Quartz could not create the job: it completes the fire, and no listener saw a run.
    ends.written(inStoreTransaction(List.of(start.fireId()), true));

    assertThat(status(start.fireId())).isEqualTo("FAILED");
    assertThat(text("SELECT error FROM carillon_execution")).contains("could not be run");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> number("SELECT failures FROM carillon_job") == 1);
    assertThat(recorder.recordedStart(start.fireId())).isEmpty();
  }

  // ---- fixtures -------------------------------------------------------------------------------

  /** Writes the starts in a transaction, as the store does with a fire; commits or not. */
  private List<Start> startsInStoreTransaction(List<Start> starts, boolean commit)
      throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      List<Start> written = ends.writeStarts(connection, starts);
      if (!commit) {
        connection.rollback();
        return List.of();
      }
      connection.commit();
      ends.startsWritten(written);
      return written;
    }
  }

  /** Takes the fires' ends and writes them in a transaction, as the store does; commits or not. */
  private List<FoldedRuns.Written> inStoreTransaction(List<String> fireIds, boolean commit)
      throws SQLException {
    List<Finish> taken = ends.take(fireIds);
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      List<FoldedRuns.Written> written = ends.write(connection, taken);
      if (commit) {
        connection.commit();
        return written;
      }
      connection.rollback();
      ends.putBack(taken);
      return List.of();
    }
  }

  private void awaitNothingUncounted() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> number("SELECT count(*) FROM carillon_uncounted_run") == 0);
  }

  private String status(String fireId) throws SQLException {
    return text("SELECT status FROM carillon_execution WHERE fire_id = '" + fireId + "'");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.executeUpdate();
    }
  }

  private long number(String sql) throws SQLException {
    return Long.parseLong(text(sql));
  }

  private String text(String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      assertThat(rows.next()).as(sql).isTrue();
      return rows.getString(1);
    }
  }
}
