package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import io.carillon.server.testing.TallyPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node that claimed the start of a downstream run dies (SIGKILL) after the upstream ended and
 * before it started the run: another node takes the claim over once the first counts as dead, and
 * the downstream runs exactly once. The first node is held at the moment after its claim by a fault
 * point ({@code -Dcarillon.faults.holdAfterDependencyClaim=true}), so the kill lands in that window
 * every time instead of by luck.
 */
class DependencyFailoverClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DependencyFailoverClusterIT.class);

  @TempDir static Path workDir;
  private static ProcessCluster first;
  private static ProcessCluster second;

  @AfterAll
  static void stop() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  void the_downstream_runs_once_when_the_node_that_claimed_its_start_is_killed() throws Exception {
    TallyPlugin.createTable(DB);
    String plugins = TallyPlugin.install(workDir.resolve("plugins")).getParent().toString();
    first =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of(
                "CARILLON_PLUGINS",
                plugins,
                "CARILLON_DEPENDENCY_CHECK_EVERY",
                "200ms",
                "JAVA_TOOL_OPTIONS",
                "-Dcarillon.faults.holdAfterDependencyClaim=true"),
            "node-x");
    ApiClient x = first.api("node-x");
    create(
        x,
        "{\"group\":\"etl\",\"name\":\"extract\",\"type\":\"tally\",\"params\":"
            + TallyPlugin.params(DB, "extract")
            + "}");
    create(
        x,
        "{\"group\":\"etl\",\"name\":\"load\",\"type\":\"tally\",\"params\":"
            + TallyPlugin.params(DB, "load")
            + ",\"after\":[{\"job\":\"etl/extract\"}]}");
    String upstream = x.post("/jobs/etl/extract/run", null).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_dependency_run WHERE upstream_execution = ?"
                            + " AND outcome = 'dispatching' AND node_id = 'node-x'",
                        upstream)
                    == 1);
    assertThat(x.get("/executions/" + upstream).json().path("status").asText())
        .isEqualTo("SUCCEEDED");

    first.node("node-x").kill();
    assertThat(DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'load'"))
        .as("the claim was not started")
        .isZero();
    second =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of("CARILLON_PLUGINS", plugins, "CARILLON_DEPENDENCY_CHECK_EVERY", "200ms"),
            "node-y");
    ApiClient y = second.api("node-y");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'load'") == 1);
    double checks = checks();
    await().atMost(Duration.ofSeconds(30)).until(() -> checks() >= checks + 5);
    assertThat(DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'load'")).isEqualTo(1);
    String load = DB.strings("SELECT execution_id FROM tally.runs WHERE counter = 'load'").get(0);
    var run = y.get("/executions/" + load).json();
    assertThat(run.path("upstream").asText()).isEqualTo(upstream);
    assertThat(run.path("node").asText()).isEqualTo("node-y");
    var decision = y.get("/executions/" + upstream).json().path("downstream").path(0);
    assertThat(decision.path("outcome").asText()).isEqualTo("dispatched");
    assertThat(decision.path("executionId").asText())
        .as("started under the id the dead node chose")
        .isEqualTo(load);
  }

  private static void create(ApiClient api, String body) {
    ApiClient.Reply created = api.post("/jobs", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static double checks() throws Exception {
    return Exposition.scrape(second.node("node-y").adminPort())
        .find("carillon_dependency_checks", Map.of())
        .orElseThrow()
        .value();
  }
}
