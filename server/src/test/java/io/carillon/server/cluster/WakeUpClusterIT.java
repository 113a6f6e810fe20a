package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run-now stored through one node is fired by another, idle node long before that node's next
 * poll: the set-based store wakes it with LISTEN/NOTIFY. The idle wait is a minute here, so a node
 * that only polled could not start the run within the bound below.
 */
class WakeUpClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(WakeUpClusterIT.class);

  private static final Duration IDLE_WAIT = Duration.ofSeconds(60);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startTwoNodes() {
    cluster =
        ProcessCluster.start(DB, workDir, Map.of("CARILLON_IDLE_WAIT", "60s"), "node-a", "node-b");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void a_run_now_written_through_a_node_in_standby_starts_at_once_on_the_idle_other()
      throws Exception {
    Reply created =
        cluster
            .api("node-a")
            .post("/jobs", "{\"group\":\"wake\",\"name\":\"now\",\"type\":\"noop\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    // node-a takes no fires; node-b, idle, would only look again at its next poll.
    assertThat(cluster.node("node-a").task("standby").status()).isEqualTo(200);
    await("node-b idle: its last poll is behind it")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number("SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'wake'")
                    == 0);

    Instant asked = Instant.now();
    Reply run = cluster.api("node-a").post("/jobs/wake/now/run", "{}");
    assertThat(run.status()).as(run.text()).isBetween(200, 202);

    await("the run started on node-b")
        .atMost(IDLE_WAIT.dividedBy(4))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution WHERE job_group = 'wake'"
                            + " AND node_id = 'node-b'")
                    == 1);
    long lagMs =
        DB.number(
            "SELECT (extract(epoch FROM min(started_at) - ?::timestamptz) * 1000)::bigint"
                + " FROM carillon_execution WHERE job_group = 'wake'",
            asked.toString());
    System.out.printf("[wake-up] run-now through node-a started on node-b %d ms later%n", lagMs);
    assertThat(cluster.node("node-a").task("resume").status()).isEqualTo(200);
  }
}
