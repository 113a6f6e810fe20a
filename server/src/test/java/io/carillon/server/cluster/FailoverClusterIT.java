package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one database: the cluster view, then a node killed with SIGKILL while
 * it runs a recoverable and a non-recoverable job. Check-in interval 1 s (see {@link
 * ProcessCluster}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(FailoverClusterIT.class);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    cluster = ProcessCluster.start(DB, workDir, Map.of(), "node-a", "node-b", "node-c");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void the_cluster_view_shows_three_live_nodes_and_each_node_its_own_scheduler() {
    ApiClient b = cluster.api("node-b");

    JsonNode view = b.get("/cluster").json();

    assertThat(view.path("clusterName").asText()).isEqualTo("carillon");
    assertThat(view.path("checkinIntervalMs").asLong())
        .isEqualTo(
            io.dropwizard.util.Duration.parse(ProcessCluster.CHECKIN_INTERVAL).toMilliseconds());
    assertThat(view.path("nodes")).hasSize(3);
    for (JsonNode node : view.path("nodes")) {
      String id = node.path("id").asText();
      assertThat(node.path("alive").asBoolean()).as(node.toString()).isTrue();
      assertThat(node.path("state").asText()).isEqualTo("running");
      assertThat(node.path("self").asBoolean()).isEqualTo(id.equals("node-b"));
      assertThat(node.path("host").asText()).isNotBlank();
      assertThat(node.path("startedAt").asText()).isNotBlank();
      assertThat(Instant.parse(node.path("lastCheckinAt").asText()))
          .isBefore(Instant.now().plusSeconds(1));
      assertThat(node.path("checkinAgeMs").asLong()).isLessThan(10_000);
      assertThat(node.path("running").isArray()).isTrue();
    }
    JsonNode scheduler = cluster.api("node-a").get("/scheduler").json();
    assertThat(scheduler.path("id").asText()).isEqualTo("node-a");
    assertThat(scheduler.path("clusterName").asText()).isEqualTo("carillon");
    assertThat(scheduler.path("clustered").asBoolean()).isTrue();
    assertThat(scheduler.path("state").asText()).isEqualTo("running");
    assertThat(scheduler.path("startedAt").asText()).isNotBlank();
    assertThat(scheduler.path("threadPool").path("size").asInt()).isEqualTo(ProcessCluster.THREADS);
    assertThat(scheduler.path("threadPool").path("busy").asInt()).isZero();

    ApiClient viewer = b.withKey(key(b, "viewer"));
    ApiClient operator = b.withKey(key(b, "operator"));
    assertThat(viewer.get("/cluster").status()).isEqualTo(200);
    assertThat(viewer.get("/scheduler").status()).isEqualTo(200);
    assertThat(viewer.get("/cluster/stuck-triggers").status()).isEqualTo(200);
    assertThat(operator.post("/cluster/stuck-triggers/repair", null).status()).isEqualTo(403);
    assertThat(b.withKey(null).get("/cluster").status()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void a_killed_node_s_recoverable_run_is_run_again_elsewhere_and_its_other_run_is_abandoned() {
    ApiClient a = cluster.api("node-a");
    sleepJob(a, "keeper", true);
    sleepJob(a, "loser", false);
    // Both runs must land on node-a: the other two take no fires while in standby.
    assertThat(cluster.node("node-b").task("standby").status()).isEqualTo(200);
    assertThat(cluster.node("node-c").task("standby").status()).isEqualTo(200);
    String keeper = a.post("/jobs/failover/keeper/run", "{}").json().path("executionId").asText();
    String loser = a.post("/jobs/failover/loser/run", "{}").json().path("executionId").asText();
    awaitStatus(keeper, "RUNNING");
    awaitStatus(loser, "RUNNING");
    assertThat(cluster.node("node-b").task("resume").status()).isEqualTo(200);
    assertThat(cluster.node("node-c").task("resume").status()).isEqualTo(200);
    assertThat(
            DB.strings("SELECT node_id FROM carillon_execution WHERE id IN (?, ?)", keeper, loser))
        .containsOnly("node-a");
    assertThat(runningOn(cluster.api("node-b").get("/cluster").json(), "node-a"))
        .containsExactlyInAnyOrder(keeper, loser);

    Instant killedAt = Instant.now();
    cluster.node("node-a").kill();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution WHERE job_name = 'keeper'"
                            + " AND trigger_kind = 'recovery'")
                    == 1);
    String rerunNode =
        DB.strings(
                "SELECT node_id FROM carillon_execution WHERE job_name = 'keeper'"
                    + " AND trigger_kind = 'recovery'")
            .get(0);
    Instant rerunAt =
        Instant.ofEpochMilli(
            DB.number(
                "SELECT CAST(EXTRACT(EPOCH FROM started_at) * 1000 AS BIGINT)"
                    + " FROM carillon_execution WHERE job_name = 'keeper'"
                    + " AND trigger_kind = 'recovery'"));
    System.out.printf(
        "FAILOVER RECOVERY TIME: %.1f s from SIGKILL of node-a to the re-run starting on %s"
            + " (checkinInterval %s)%n",
        Duration.between(killedAt, rerunAt).toMillis() / 1000.0,
        rerunNode,
        ProcessCluster.CHECKIN_INTERVAL);
    assertThat(rerunNode).isIn("node-b", "node-c");

    awaitStatus(keeper, "RECOVERED");
    awaitStatus(loser, "ABANDONED");
    assertThat(DB.strings("SELECT error FROM carillon_execution WHERE id = ?", keeper).get(0))
        .contains("node node-a died", "last checked in at", "runs again");
    assertThat(DB.strings("SELECT error FROM carillon_execution WHERE id = ?", loser).get(0))
        .contains("node node-a died", "does not request recovery");
    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_execution WHERE id IN (?, ?)"
                    + " AND finished_at IS NOT NULL",
                keeper,
                loser))
        .isEqualTo(2);
    assertThat(DB.number("SELECT count(*) FROM carillon_execution WHERE job_name = 'loser'"))
        .as("a job that does not request recovery is not run again")
        .isEqualTo(1);

    // Counted by status on the survivor whose sweeper ended them, like any other run. 30 s is a
    // limit, not a wait: a loaded CI machine once needed more than 10.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(survivorsCount("recovered")).isEqualTo(1.0);
              assertThat(survivorsCount("abandoned")).isEqualTo(1.0);
            });

    JsonNode view = cluster.api("node-b").get("/cluster").json();
    JsonNode dead = node(view, "node-a");
    assertThat(dead.path("alive").asBoolean()).isFalse();
    assertThat(dead.path("state").asText()).isEqualTo("dead");
    assertThat(dead.path("running")).isEmpty();
    assertThat(node(view, "node-b").path("alive").asBoolean()).isTrue();
    assertThat(node(view, "node-c").path("alive").asBoolean()).isTrue();
  }

  private static double survivorsCount(String status) throws Exception {
    double total = 0;
    for (String node : List.of("node-b", "node-c")) {
      total +=
          Exposition.scrape(cluster.node(node).adminPort())
              .find("carillon_runs_total", Map.of("group", "failover", "status", status))
              .map(Exposition.Sample::value)
              .orElse(0.0);
    }
    return total;
  }

  private static void sleepJob(ApiClient api, String name, boolean recover) {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"failover\",\"name\":\""
                + name
                + "\",\"type\":\"sleep\",\"params\":{\"duration\":\"PT10M\"},\"recover\":"
                + recover
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void awaitStatus(String execution, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
                    .containsExactly(status));
  }

  private static List<String> runningOn(JsonNode view, String nodeId) {
    return node(view, nodeId).path("running").findValuesAsText("executionId");
  }

  private static JsonNode node(JsonNode view, String id) {
    for (JsonNode node : view.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id + " in " + view);
  }

  static String key(ApiClient admin, String role) {
    Reply created =
        admin.post(
            "/keys",
            "{\"name\":\"" + role + "-" + System.nanoTime() + "\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json().path("key").asText();
  }
}
