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
 * Run ends written by the job store ({@link GroupCommitRunRecorder#foldEnds}): the final row
 * commits with the store's transaction and only then, the job's counters follow in a transaction of
 * the recorder's own; a run is counted exactly once, by its node or, when that node stopped between
 * the two, by a sweep on any node.
 */
class RunEndsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(RunEndsIT.class);

  private final SettableClock clock = new SettableClock(T0);
  private HikariDataSource pool;
  private GroupCommitRunRecorder recorder;
  private RunEnds ends;

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
    ends = recorder.foldEnds();
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
    List<RunEnds.Written> written = inStoreTransaction(List.of(start.fireId()), true);

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
    List<RunEnds.Written> written = inStoreTransaction(List.of(start.fireId()), true);
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

  // ---- fixtures -------------------------------------------------------------------------------

  /** Takes the fires' ends and writes them in a transaction, as the store does; commits or not. */
  private List<RunEnds.Written> inStoreTransaction(List<String> fireIds, boolean commit)
      throws SQLException {
    List<Finish> taken = ends.take(fireIds);
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      List<RunEnds.Written> written = ends.write(connection, taken);
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
