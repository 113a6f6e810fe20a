package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import io.carillon.server.testing.ServerProcess;
import io.carillon.server.testing.ServerProcess.TaskReply;
import io.carillon.server.testing.TallyPlugin;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drain through the admin task on one of three nodes while a job runs there and an every-second job
 * keeps the cluster busy. Check-in interval 1 s (see {@link ProcessCluster}).
 */
class DrainClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DrainClusterIT.class);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    TallyPlugin.createTable(DB);
    Path plugins = workDir.resolve("plugins");
    TallyPlugin.install(plugins);
    cluster =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of("CARILLON_SHUTDOWN_GRACE", "30s", "CARILLON_PLUGINS", plugins.toString()),
            "node-a",
            "node-b",
            "node-c");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void a_drained_node_finishes_its_run_takes_no_new_fire_and_leaves_while_the_others_go_on() {
    ServerProcess a = cluster.node("node-a");
    ApiClient api = cluster.api("node-b");
    create(
        api,
        "{\"group\":\"drain\",\"name\":\"ticker\",\"type\":\"noop\","
            + "\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"}}");
    // The long run lasts until the test releases it, however slow the machine.
    create(
        api,
        "{\"group\":\"drain\",\"name\":\"long\",\"type\":\"tally\",\"params\":"
            + TallyPlugin.heldParams(DB, "long")
            + "}");
    // The long run must land on node-a: the other two take no fires while in standby.
    assertThat(cluster.node("node-b").task("standby").status()).isEqualTo(200);
    assertThat(cluster.node("node-c").task("standby").status()).isEqualTo(200);
    String run = api.post("/jobs/drain/long/run", "{}").json().path("executionId").asText();
    awaitStatus(run, "RUNNING");
    assertThat(cluster.node("node-b").task("resume").status()).isEqualTo(200);
    assertThat(cluster.node("node-c").task("resume").status()).isEqualTo(200);
    assertThat(DB.strings("SELECT node_id FROM carillon_execution WHERE id = ?", run))
        .containsExactly("node-a");
    await().atMost(Duration.ofSeconds(20)).until(() -> a.readyStatus() == 200);

    TaskReply drain = a.task("drain");
    Instant drainedAt = Instant.now();

    assertThat(drain.status()).as(drain.text()).isEqualTo(200);
    assertThat(drain.text()).contains("node-a is draining", "1 job(s) running");
    // At once, not one health-check interval later: the load balancer stops sending it traffic.
    assertThat(a.readyStatus()).isEqualTo(503);
    assertThat(cluster.api("node-a").get("/scheduler").json().path("state").asText())
        .isEqualTo("draining");
    assertThat(node(api.get("/cluster").json(), "node-a").path("state").asText())
        .isEqualTo("draining");

    TallyPlugin.release(DB, "long");
    awaitStatus(run, "SUCCEEDED");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode drained = node(api.get("/cluster").json(), "node-a");
              assertThat(drained.path("state").asText()).isEqualTo("drained");
              assertThat(drained.path("alive").asBoolean()).isFalse();
            });
    assertThat(
            DB.number("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'node-a'"))
        .as("node-a's check-in row")
        .isZero();
    assertThat(cluster.api("node-a").get("/scheduler").json().path("state").asText())
        .isEqualTo("drained");
    assertThat(a.readyStatus()).isEqualTo(503);

    // The others go on firing the every-second job; node-a starts none after the drain.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> tickerRuns("node_id <> 'node-a'", drainedAt) >= 3);
    assertThat(tickerRuns("node_id = 'node-a'", drainedAt)).isZero();

    TaskReply resume = a.task("resume");
    assertThat(resume.status()).isEqualTo(500);
    assertThat(resume.text()).contains("node-a is drained", "restart it to rejoin");
    // The process keeps serving reads until it is stopped; a change needs a scheduler, and its
    // scheduler has left: 503, try another node.
    assertThat(cluster.api("node-a").get("/jobs/drain/ticker").status()).isEqualTo(200);
    Reply change = cluster.api("node-a").post("/jobs/drain/ticker/pause", null);
    assertThat(change.status()).as(change.text()).isEqualTo(503);
    assertThat(change.json().path("detail").asText()).contains("left the cluster");
  }

  /**
   * Ticker runs due after {@code after}. By their fire time, not their start: a fire the node took
   * just before the drain may start a moment after the drain request returned; what the drain
   * promises is that no fire due after it runs on the node.
   */
  private static long tickerRuns(String where, Instant after) {
    return DB.number(
        "SELECT count(*) FROM carillon_execution WHERE job_name = 'ticker' AND "
            + where
            + " AND scheduled_at > ?",
        Timestamp.from(after));
  }

  private static void create(ApiClient api, String json) {
    Reply created = api.post("/jobs", json);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void awaitStatus(String execution, String status) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () ->
                assertThat(
                        DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
                    .containsExactly(status));
  }

  private static JsonNode node(JsonNode view, String id) {
    for (JsonNode node : view.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id + " in " + view);
  }
}
