package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import io.carillon.server.testing.TallyPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job dependencies (issue 18 §2) on two nodes that both look for ended upstream runs every 200 ms:
 * each upstream run, wherever it ran, starts the downstream exactly once, counted by the downstream
 * job's own side effect (a tally row per run) and linked to that upstream run.
 */
class DependenciesClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DependenciesClusterIT.class);

  private static final List<String> NODES = List.of("node-a", "node-b");
  private static final int RUNS = 12;

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startTwoNodes() {
    TallyPlugin.createTable(DB);
    Path plugins = TallyPlugin.install(workDir.resolve("plugins")).getParent();
    cluster =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of(
                "CARILLON_PLUGINS", plugins.toString(), "CARILLON_DEPENDENCY_CHECK_EVERY", "200ms"),
            NODES.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void each_upstream_run_starts_the_downstream_exactly_once_across_two_nodes() throws Exception {
    ApiClient a = cluster.api("node-a");
    create(
        a,
        "{\"group\":\"etl\",\"name\":\"extract\",\"type\":\"tally\",\"params\":"
            + TallyPlugin.params(DB, "extract")
            + "}");
    create(
        a,
        "{\"group\":\"etl\",\"name\":\"load\",\"type\":\"tally\",\"params\":"
            + TallyPlugin.params(DB, "load")
            + ",\"after\":[{\"job\":\"etl/extract\",\"on\":\"success\"}]}");

    List<String> upstreams = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      // Asked through both nodes, so that the upstream runs (and their ends) land on both.
      ApiClient api = cluster.api(NODES.get(i % NODES.size()));
      upstreams.add(api.post("/jobs/etl/extract/run", null).json().path("executionId").asText());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'load'") == RUNS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                upstreams.stream()
                    .allMatch(
                        id ->
                            "dispatched"
                                .equals(
                                    a.get("/executions/" + id)
                                        .json()
                                        .path("downstream")
                                        .path(0)
                                        .path("outcome")
                                        .asText())));
    // Both nodes look a few more times: a second start of any of them would show by now.
    cluster.awaitChecksOnEveryNode("carillon_dependency_checks", 5);

    assertThat(DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'load'")).isEqualTo(RUNS);
    assertThat(
            DB.number("SELECT count(DISTINCT execution_id) FROM tally.runs WHERE counter = 'load'"))
        .isEqualTo(RUNS);
    List<String> linked = new ArrayList<>();
    for (String id : DB.strings("SELECT execution_id FROM tally.runs WHERE counter = 'load'")) {
      var run = a.get("/executions/" + id).json();
      assertThat(run.path("trigger").asText()).isEqualTo("dependency");
      linked.add(run.path("upstream").asText());
    }
    assertThat(linked).containsExactlyInAnyOrderElementsOf(upstreams);
    assertThat(
            DB.strings(
                "SELECT DISTINCT node_id FROM carillon_execution WHERE job_name = 'extract'"))
        .as("the upstream ran on both nodes")
        .hasSize(2);
  }

  private static void create(ApiClient api, String body) {
    ApiClient.Reply created = api.post("/jobs", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
