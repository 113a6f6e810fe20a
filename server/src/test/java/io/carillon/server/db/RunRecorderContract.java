package io.carillon.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.RunRecorder.Finish;
import io.carillon.server.db.RunRecorder.Misfire;
import io.carillon.server.db.RunRecorder.Start;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What any {@link RunRecorder} must do, run against each database Carillon supports: a start is
 * durable when {@code started} returns, an end and the counters it moves on are durable together
 * when {@code finished} returns, under concurrent writers, "was failing" follows the order runs
 * ended in, and one bad record costs no other its own.
 */
abstract class RunRecorderContract {
  static final String CLUSTER = "carillon";
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private Database database;
  private RunRecorder recorder;

  /** A migrated, empty database of the kind under test. */
  abstract Database database();

  @BeforeEach
  void open() throws SQLException {
    database = database();
    execute("DELETE FROM carillon_execution");
    execute("DELETE FROM carillon_job");
    recorder =
        new GroupCommitRunRecorder(
            database.dataSource(), database.dialect(), CLUSTER, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    recorder.close();
    database.dataSource().close();
  }

  @Test
  void a_start_is_in_the_database_when_started_returns() throws SQLException {
    job("g", "a");
    Start start = start("g", "a");

    recorder.started(start);

    assertThat(status(start.fireId())).isEqualTo("RUNNING");
  }

  @Test
  void an_end_is_in_the_database_when_finished_returns_and_the_counters_follow() throws Exception {
    job("g", "a");
    Start start = start("g", "a");
    recorder.started(start);

    CompletionStage<Boolean> wasFailing =
        recorder.finished(finish(start, ExecutionStatus.FAILED, true));

    assertThat(status(start.fireId())).isEqualTo("FAILED");
    assertThat(wasFailing.toCompletableFuture().get(20, TimeUnit.SECONDS)).isFalse();
    assertThat(number("SELECT executions FROM carillon_job WHERE job_name = 'a'")).isEqualTo(1);
    assertThat(number("SELECT failures FROM carillon_job WHERE job_name = 'a'")).isEqualTo(1);
    assertThat(text("SELECT last_status FROM carillon_job WHERE job_name = 'a'"))
        .isEqualTo("FAILED");
    assertThat(text("SELECT last_execution_id FROM carillon_job WHERE job_name = 'a'"))
        .isEqualTo(start.id());
  }

  @Test
  void was_failing_follows_the_order_in_which_runs_ended() throws Exception {
    job("g", "a");
    List<Boolean> seen = new ArrayList<>();
    // A final failure starts a failing spell; a retried failure leaves it; a success ends it.
    for (var outcome :
        List.of(
            new Object[] {ExecutionStatus.FAILED, true},
            new Object[] {ExecutionStatus.FAILED, false},
            new Object[] {ExecutionStatus.SUCCEEDED, false},
            new Object[] {ExecutionStatus.SUCCEEDED, false})) {
      Start start = start("g", "a");
      recorder.started(start);
      seen.add(
          recorder
              .finished(finish(start, (ExecutionStatus) outcome[0], (Boolean) outcome[1]))
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS));
    }

    assertThat(seen).containsExactly(false, true, true, false);
    assertThat(bool("SELECT failing FROM carillon_job WHERE job_name = 'a'")).isFalse();
  }

  @Test
  void concurrent_runs_of_several_jobs_add_up_exactly() throws Exception {
    int jobs = 4;
    int threads = 8;
    int runsPerThread = 40;
    for (int j = 0; j < jobs; j++) {
      job("g", "job-" + j);
    }
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            workers.submit(
                () -> {
                  for (int i = 0; i < runsPerThread; i++) {
                    Start start = start("g", "job-" + (thread + i) % jobs);
                    recorder.started(start);
                    ExecutionStatus status =
                        i % 5 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
                    recorder.finished(finish(start, status, false));
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      workers.shutdownNow();
    }

    int total = threads * runsPerThread;
    assertThat(number("SELECT count(*) FROM carillon_execution WHERE status = 'RUNNING'")).isZero();
    assertThat(number("SELECT count(*) FROM carillon_execution")).isEqualTo(total);
    // Ends and counters commit together: nothing to wait for once the last end is recorded.
    assertThat(number("SELECT sum(executions) FROM carillon_job")).isEqualTo(total);
    assertThat(number("SELECT sum(failures) FROM carillon_job"))
        .isEqualTo(number("SELECT count(*) FROM carillon_execution WHERE status = 'FAILED'"));
    for (int j = 0; j < jobs; j++) {
      assertThat(number("SELECT executions FROM carillon_job WHERE job_name = 'job-" + j + "'"))
          .isEqualTo(
              number("SELECT count(*) FROM carillon_execution WHERE job_name = 'job-" + j + "'"));
    }
  }

  @Test
  void a_run_of_a_deleted_job_does_not_count_for_a_new_job_of_the_same_name() throws Exception {
    job("g", "a");
    Start start = start("g", "a");
    recorder.started(start);
    // Deleted and created again while the run went on: a new incarnation of the name.
    execute("UPDATE carillon_job SET incarnation = 'second' WHERE job_name = 'a'");

    recorder
        .finished(finish(start, ExecutionStatus.FAILED, true))
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    assertThat(status(start.fireId())).isEqualTo("FAILED");
    assertThat(number("SELECT executions FROM carillon_job WHERE job_name = 'a'")).isZero();
    assertThat(bool("SELECT failing FROM carillon_job WHERE job_name = 'a'")).isFalse();
  }

  @Test
  void a_misfire_is_counted_and_a_dropped_fire_time_recorded_as_skipped() throws Exception {
    job("g", "late");
    Instant missed = T0.minusSeconds(60);

    Optional<String> type =
        recorder
            .misfired(new Misfire("g", "late", "node-1", missed, true))
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
    recorder
        .misfired(new Misfire("g", "late", "node-1", missed.plusSeconds(1), false))
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);

    assertThat(type).contains("noop");
    assertThat(number("SELECT misfires FROM carillon_job WHERE job_name = 'late'")).isEqualTo(2);
    assertThat(number("SELECT count(*) FROM carillon_execution WHERE status = 'SKIPPED'"))
        .isEqualTo(1);
    assertThat(text("SELECT error FROM carillon_execution WHERE status = 'SKIPPED'"))
        .contains("misfire: skip");
    assertThat(number("SELECT executions FROM carillon_job WHERE job_name = 'late'")).isZero();
  }

  @Test
  void a_misfire_of_a_deleted_job_has_no_type_and_changes_nothing() throws Exception {
    Optional<String> type =
        recorder
            .misfired(new Misfire("g", "gone", "node-1", T0, false))
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);

    assertThat(type).isEmpty();
  }

  @Test
  void a_bad_record_fails_alone_and_the_others_of_its_batch_are_written() throws Exception {
    job("g", "a");
    int good = 20;
    ExecutorService workers = Executors.newFixedThreadPool(good + 1);
    try {
      List<Future<?>> goods = new ArrayList<>();
      // Far too long a group for its column: that start cannot be written.
      Future<?> bad = workers.submit(() -> recorder.started(start("g".repeat(500), "a")));
      for (int i = 0; i < good; i++) {
        goods.add(workers.submit(() -> recorder.started(start("g", "a"))));
      }
      for (Future<?> future : goods) {
        future.get(30, TimeUnit.SECONDS);
      }
      assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CarillonException.class);
    } finally {
      workers.shutdownNow();
    }

    assertThat(number("SELECT count(*) FROM carillon_execution")).isEqualTo(good);
  }

  @Test
  void after_close_a_start_is_refused_rather_than_left_waiting() {
    recorder.close();

    assertThatThrownBy(() -> recorder.started(start("g", "a")))
        .isInstanceOf(CarillonException.class)
        .hasMessageContaining("stopping");
  }

  // ---- fixtures -------------------------------------------------------------------------------

  static Start start(String group, String name) {
    return new Start(
        UUID.randomUUID().toString(),
        "fire-" + UUID.randomUUID(),
        group,
        name,
        "node-1",
        T0,
        T0.plusMillis(5),
        TriggerKind.SCHEDULE,
        1);
  }

  static Finish finish(Start start, ExecutionStatus status, boolean finalFailure) {
    return new Finish(
        start.id(),
        start.fireId(),
        start.jobGroup(),
        start.jobName(),
        start.startedAt(),
        start.startedAt().plusMillis(40),
        40,
        status,
        status == ExecutionStatus.SUCCEEDED ? null : "boom",
        null,
        "out",
        false,
        finalFailure);
  }

  private void job(String group, String name) throws SQLException {
    execute(
        "INSERT INTO carillon_job (sched_name, job_group, job_name, type, definition, enabled,"
            + " version, source, created_at, updated_at)"
            + " VALUES ('carillon', '"
            + group
            + "', '"
            + name
            + "', 'noop', '{}', TRUE, 1, 'api', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
  }

  private String status(String fireId) throws SQLException {
    return text("SELECT status FROM carillon_execution WHERE fire_id = '" + fireId + "'");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.executeUpdate();
    }
  }

  private long number(String sql) throws SQLException {
    return Long.parseLong(text(sql));
  }

  private boolean bool(String sql) throws SQLException {
    return Boolean.parseBoolean(text(sql));
  }

  private String text(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      assertThat(rows.next()).as(sql).isTrue();
      return rows.getString(1);
    }
  }
}
