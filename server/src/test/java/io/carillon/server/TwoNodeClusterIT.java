package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.QuartzFactory;
import io.carillon.server.quartz.SchedulerAssembly;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.jobs.NoOpJob;
import org.quartz.simpl.SimpleJobFactory;

/** Two server processes on one empty PostgreSQL database, started at the same moment. */
class TwoNodeClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(TwoNodeClusterIT.class);

  private static final int ONE_SHOT_JOBS = 20;

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startTwoNodesTogether() {
    // Both processes start before either is awaited, and both migrate on start against the same
    // empty database: the migration lock must serialise them.
    cluster = ProcessCluster.start(DB, workDir, Map.of(), "node-a", "node-b");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void both_nodes_check_in_to_the_cluster() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        DB.strings(
                            "SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = ?",
                            "carillon"))
                    .containsExactlyInAnyOrder("node-a", "node-b"));
    // And each node's API sees both alive.
    for (String node : new String[] {"node-a", "node-b"}) {
      ApiClient.Reply view = cluster.api(node).get("/cluster");
      assertThat(view.status()).as(view.text()).isEqualTo(200);
      List<String> alive = new ArrayList<>();
      view.json()
          .path("nodes")
          .forEach(n -> alive.add(n.path("id").asText() + " " + n.path("alive").asBoolean()));
      assertThat(alive).as(node).contains("node-a true", "node-b true");
    }
  }

  @Test
  void each_one_shot_trigger_fires_on_exactly_one_node() throws Exception {
    scheduleOneShotJobs("exactly-once", ONE_SHOT_JOBS);

    // Finished means: every run recorded as done and nothing left that could fire again.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                DB.number(
                            "SELECT count(*) FROM carillon_execution"
                                + " WHERE job_group = 'exactly-once' AND status = 'SUCCEEDED'")
                        >= ONE_SHOT_JOBS
                    && DB.number(
                            "SELECT count(*) FROM qrtz_triggers WHERE job_group = 'exactly-once'")
                        == 0
                    && DB.number(
                            "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'exactly-once'")
                        == 0);

    assertThat(
            DB.number(
                "SELECT count(DISTINCT job_name) FROM carillon_execution"
                    + " WHERE job_group = 'exactly-once'"))
        .isEqualTo(ONE_SHOT_JOBS);
    assertThat(
            DB.strings(
                "SELECT job_name FROM carillon_execution WHERE job_group = 'exactly-once'"
                    + " GROUP BY job_name HAVING count(*) > 1"))
        .as("jobs that ran more than once")
        .isEmpty();
    assertThat(
            DB.strings(
                "SELECT DISTINCT node_id FROM carillon_execution WHERE job_group = 'exactly-once'"))
        .isSubsetOf("node-a", "node-b");
  }

  /**
   * Schedules through a Quartz client that is never started: it writes triggers to the shared store
   * and never checks in or fires, so only the two server processes can run them.
   */
  private static void scheduleOneShotJobs(String group, int count) throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(DB.url());
    pool.setUsername(DB.user());
    pool.setPassword(DB.password());
    pool.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      QuartzFactory factory = new QuartzFactory();
      factory.setInstanceId("test-client");
      Scheduler client =
          new SchedulerAssembly(factory)
              .build(
                  new Database(DatabaseDialect.POSTGRESQL, dataSource),
                  new RunMetrics(new LabelledMetrics(new MetricRegistry())),
                  Clock.systemUTC(),
                  Notifier.none(new MetricRegistry()),
                  new SimpleJobFactory())
              .scheduler();
      try {
        for (int i = 0; i < count; i++) {
          JobDetail job = newJob(NoOpJob.class).withIdentity("job-" + i, group).build();
          client.scheduleJob(job, newTrigger().forJob(job).startNow().build());
        }
        assertThat(DB.strings("SELECT instance_name FROM qrtz_scheduler_state"))
            .as("the client never joins the cluster")
            .doesNotContain("test-client");
      } finally {
        client.shutdown();
      }
    }
  }
}
