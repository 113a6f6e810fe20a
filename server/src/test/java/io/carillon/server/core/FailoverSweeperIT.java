package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.carillon.server.common.NodeState;
import io.carillon.server.db.NodeDao;
import io.carillon.server.db.RunningExecutionDao;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import io.carillon.server.testing.ClusterRows;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweeper against the real store, its time on a settable clock: the rows are what Quartz and
 * the run recorder would have written, the judgement is the sweeper's.
 */
class FailoverSweeperIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(FailoverSweeperIT.class);

  private static final String CLUSTER = "sweep";
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final Instant STARTED = T0.minus(Duration.ofMinutes(1));
  private static final ClusterRows ROWS = new ClusterRows(DB, CLUSTER);

  private final SettableClock clock = new SettableClock(T0);
  private NodeState selfState = NodeState.RUNNING;

  @AfterAll
  static void close() {
    ROWS.close();
  }

  @BeforeEach
  void empty() {
    ROWS.empty();
    ROWS.checkIn("self", T0);
  }

  @Test
  void a_run_of_a_node_that_stopped_checking_in_is_abandoned_when_its_job_does_not_recover() {
    ROWS.checkIn("dead", T0.minus(Duration.ofMinutes(10)));
    String run = ROWS.running("dead", "reports", "nightly", STARTED);

    assertThat(sweeper().sweep()).isEqualTo(1);

    assertThat(ROWS.column("status", run)).isEqualTo("ABANDONED");
    assertThat(ROWS.column("error", run))
        .contains("node dead died during this run", "declared dead by node self");
  }

  @Test
  void a_run_of_a_dead_node_whose_job_requests_recovery_is_marked_recovered() {
    ROWS.checkIn("dead", T0.minus(Duration.ofMinutes(10)));
    ROWS.recoverable("reports", "nightly");
    String run = ROWS.running("dead", "reports", "nightly", STARTED);

    assertThat(sweeper().sweep()).isEqualTo(1);

    assertThat(ROWS.column("status", run)).isEqualTo("RECOVERED");
  }

  @Test
  void runs_of_live_nodes_of_this_node_and_of_other_clusters_nodes_are_left_running() {
    ROWS.checkIn("alive", T0.minus(Duration.ofSeconds(5)));
    String onLive = ROWS.running("alive", "reports", "a", STARTED);
    String onSelf = ROWS.running("self", "reports", "b", STARTED);
    String elsewhere = ROWS.running("not-ours", "reports", "c", STARTED);

    assertThat(sweeper().sweep()).isZero();

    assertThat(ROWS.column("status", onLive)).isEqualTo("RUNNING");
    assertThat(ROWS.column("status", onSelf)).isEqualTo("RUNNING");
    assertThat(ROWS.column("status", elsewhere)).isEqualTo("RUNNING");
  }

  @Test
  void a_node_is_dead_only_once_its_interval_and_the_grace_have_passed() {
    ROWS.checkIn("slow", T0);
    String run = ROWS.running("slow", "reports", "nightly", STARTED);
    FailoverSweeper sweeper = sweeper();

    clock.advance(ClusterRows.INTERVAL.plus(Liveness.GRACE));
    ROWS.checkIn("self", clock.instant());
    assertThat(sweeper.sweep()).isZero();

    clock.advance(Duration.ofSeconds(1));
    ROWS.checkIn("self", clock.instant());
    assertThat(sweeper.sweep()).isEqualTo(1);
    assertThat(ROWS.column("status", run)).isEqualTo("ABANDONED");
  }

  @Test
  void a_node_that_left_on_purpose_judges_nobody() {
    ROWS.checkIn("dead", T0.minus(Duration.ofMinutes(10)));
    String run = ROWS.running("dead", "reports", "nightly", STARTED);
    selfState = NodeState.DRAINED;

    assertThat(sweeper().sweep()).isZero();

    assertThat(ROWS.column("status", run)).isEqualTo("RUNNING");
  }

  private FailoverSweeper sweeper() {
    var pool = ROWS.database().dataSource();
    return new FailoverSweeper(
        new RunningExecutionDao(pool, CLUSTER),
        new SchedulerStateDao(pool, CLUSTER),
        new NodeDao(pool, CLUSTER),
        new RunMetrics(new LabelledMetrics(new MetricRegistry())),
        ClusterRows.self("self", T0, () -> selfState),
        ClusterRows.INTERVAL,
        clock);
  }
}
