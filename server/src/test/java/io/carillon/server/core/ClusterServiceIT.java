package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.NodeState;
import io.carillon.server.common.Pause;
import io.carillon.server.db.AuditDao;
import io.carillon.server.db.ExpectationListDao;
import io.carillon.server.db.NodeDao;
import io.carillon.server.db.PauseDao;
import io.carillon.server.db.RunningExecutionDao;
import io.carillon.server.db.StuckTriggerDao;
import io.carillon.server.quartz.schema.CanaryDao;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import io.carillon.server.testing.ClusterRows;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster as ClusterService reads it from the real store, on a settable clock. */
class ClusterServiceIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ClusterServiceIT.class);

  private static final String CLUSTER = "view";
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
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
    new PauseDao(pool(), CLUSTER).delete(Pause.CLUSTER, "", "");
    ROWS.checkIn("self", T0);
    ROWS.node("self", NodeState.RUNNING, T0.minus(Duration.ofHours(1)));
  }

  @Test
  void every_node_is_listed_alive_or_dead_with_the_runs_it_holds() {
    ROWS.checkIn("gone", T0.minus(Duration.ofMinutes(10)));
    ROWS.node("gone", NodeState.RUNNING, T0.minus(Duration.ofHours(2)));
    String run = ROWS.running("gone", "reports", "nightly", T0.minus(Duration.ofMinutes(11)));

    ClusterState cluster = service().cluster();

    assertThat(cluster.nodes()).extracting(ClusterState.Node::id).containsExactly("gone", "self");
    ClusterState.Node gone = cluster.nodes().get(0);
    assertThat(gone.alive()).isFalse();
    assertThat(gone.state()).isEqualTo(NodeState.DEAD);
    assertThat(gone.checkinAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(gone.running()).extracting(ClusterState.Run::executionId).containsExactly(run);
    ClusterState.Node self = cluster.nodes().get(1);
    assertThat(self.alive()).isTrue();
    assertThat(self.self()).isTrue();
    assertThat(self.state()).isEqualTo(NodeState.RUNNING);
    assertThat(cluster.paused()).isNull();
    assertThat(cluster.lateJobs()).isZero();
  }

  @Test
  void a_node_that_drained_is_shown_drained_not_dead_once_it_stops_checking_in() {
    ROWS.checkIn("left", T0.minus(Duration.ofMinutes(10)));
    ROWS.node("left", NodeState.DRAINED, T0.minus(Duration.ofHours(2)));

    ClusterState.Node left = service().cluster().nodes().get(0);

    assertThat(left.id()).isEqualTo("left");
    assertThat(left.alive()).isFalse();
    assertThat(left.state()).isEqualTo(NodeState.DRAINED);
  }

  @Test
  void the_pause_all_in_force_is_part_of_the_cluster() {
    new PauseDao(pool(), CLUSTER).put(new Pause(Pause.CLUSTER, "", "", "upgrade", T0, "ops", null));

    assertThat(service().cluster().paused().reason()).isEqualTo("upgrade");
  }

  @Test
  void this_nodes_scheduler_reports_its_own_state() {
    selfState = NodeState.DRAINING;

    ClusterState.Scheduler scheduler = service().scheduler();

    assertThat(scheduler.id()).isEqualTo("self");
    assertThat(scheduler.state()).isEqualTo(NodeState.DRAINING);
    assertThat(scheduler.clusterName()).isEqualTo(CLUSTER);
    assertThat(scheduler.busyThreads()).isEqualTo(1);
  }

  private ClusterService service() {
    DataSource pool = pool();
    return new ClusterService(
        new NodeDao(pool, CLUSTER),
        new SchedulerStateDao(pool, CLUSTER),
        new RunningExecutionDao(pool, CLUSTER),
        new StuckTriggerDao(pool, CLUSTER, true),
        new AuditLog(new AuditDao(pool, CLUSTER), new ObjectMapper(), clock),
        ClusterRows.self("self", T0.minus(Duration.ofHours(1)), () -> selfState),
        CLUSTER,
        true,
        ClusterRows.INTERVAL,
        clock,
        new CanaryDao(pool, CLUSTER),
        new ExpectationListDao(pool, CLUSTER),
        new PauseDao(pool, CLUSTER));
  }

  private static DataSource pool() {
    return ROWS.database().dataSource();
  }
}
