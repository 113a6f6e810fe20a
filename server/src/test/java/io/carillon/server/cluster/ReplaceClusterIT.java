package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
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
 * {@code overlap: replace} (issue 18 §5) on three nodes: each new fire of a long job stops the run
 * before it, on whichever node that one runs, and starts; at most one run is left running.
 */
class ReplaceClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ReplaceClusterIT.class);

  private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    cluster = ProcessCluster.start(DB, workDir, Map.of(), NODES.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void each_new_fire_stops_the_running_one_wherever_it_runs_and_starts() {
    ApiClient a = cluster.api("node-a");
    ApiClient.Reply created =
        a.post(
            "/jobs",
            "{\"group\":\"swap\",\"name\":\"long\",\"type\":\"sleep\","
                + "\"params\":{\"duration\":\"PT10M\"},\"overlap\":\"replace\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(a.get("/jobs/swap/long").json().path("overlap").asText()).isEqualTo("replace");

    List<String> runs = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // Each run asked through another node, so that they land on different nodes.
      ApiClient api = cluster.api(NODES.get(i % NODES.size()));
      String id = api.post("/jobs/swap/long/run", null).json().path("executionId").asText();
      await().atMost(Duration.ofSeconds(30)).until(() -> status(a, id).equals("RUNNING"));
      if (!runs.isEmpty()) {
        String replaced = runs.get(runs.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !status(a, replaced).equals("RUNNING"));
        assertThat(status(a, replaced)).isEqualTo("INTERRUPTED");
        assertThat(status(a, id)).as("the new one goes on").isEqualTo("RUNNING");
      }
      runs.add(id);
      nodes.add(a.get("/executions/" + id).json().path("node").asText());
    }

    boolean crossed = false;
    for (int i = 1; i < nodes.size(); i++) {
      crossed |= !nodes.get(i).equals(nodes.get(i - 1));
    }
    assertThat(crossed).as("some run was replaced by one on another node: %s", nodes).isTrue();
    JsonNode running = a.get("/executions?status=RUNNING&group=swap").json().path("items");
    assertThat(running).hasSize(1);
    assertThat(running.get(0).path("id").asText()).isEqualTo(runs.get(runs.size() - 1));
    a.post("/jobs/swap/long/interrupt", null);
  }

  private static String status(ApiClient api, String id) {
    return api.get("/executions/" + id).json().path("status").asText();
  }
}
