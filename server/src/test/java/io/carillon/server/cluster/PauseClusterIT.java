package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-resume at {@code until} across three nodes that all look for ended pauses every 200 ms: a
 * paused job and a paused cluster are each resumed exactly once, by one node, and fire again.
 */
class PauseClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(PauseClusterIT.class);

  private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

  /**
   * How far ahead a pause's end is set. It must still be ahead when the request is validated and
   * when the test reads the paused state on another node, even on a stalled CI machine (4 s was
   * passed once before the request got there).
   */
  private static final Duration UNTIL_AHEAD = Duration.ofSeconds(10);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    cluster =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of("CARILLON_PAUSE_CHECK_EVERY", "200ms"),
            NODES.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void a_job_paused_until_a_moment_is_resumed_once_by_one_node_and_fires_again() throws Exception {
    ApiClient a = cluster.api("node-a");
    create(a, "tick");
    await().atMost(Duration.ofSeconds(30)).until(() -> executions(a, "tick") >= 1);
    Instant until = Instant.now().plus(UNTIL_AHEAD);

    JsonNode paused =
        cluster
            .api("node-b")
            .post(
                "/jobs/cycle/tick/pause",
                "{\"reason\":\"cluster test\",\"until\":\"" + until + "\"}")
            .json();
    assertThat(paused.path("state").asText()).isEqualTo("paused");
    long version = paused.path("version").asLong();
    for (String node : NODES) {
      assertThat(job(node, "tick").path("pause").path("reason").asText()).isEqualTo("cluster test");
    }

    for (String node : NODES) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> job(node, "tick").path("state").asText().matches("scheduled|running"));
    }
    long resumedAt = executions(a, "tick");
    await().atMost(Duration.ofSeconds(30)).until(() -> executions(a, "tick") > resumedAt);
    cluster.awaitChecksOnEveryNode("carillon_pause_checks", 5);
    List<JsonNode> resumes = audit(a, "job.resume", "job:cycle/tick");
    assertThat(resumes).as("resumed once across the cluster").hasSize(1);
    assertThat(resumes.get(0).path("actorName").asText()).isEqualTo("carillon");
    assertThat(job("node-c", "tick").path("version").asLong()).isEqualTo(version + 1);
    assertThat(job("node-c", "tick").has("pause")).isFalse();
  }

  @Test
  void pause_all_until_a_moment_is_resumed_once_by_one_node() throws Exception {
    ApiClient a = cluster.api("node-a");
    create(a, "all");
    Instant until = Instant.now().plus(UNTIL_AHEAD);

    assertThat(
            a.post("/scheduler/pause-all", "{\"reason\":\"drill\",\"until\":\"" + until + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(cluster.api("node-c").get("/cluster").json().path("paused").path("reason").asText())
        .isEqualTo("drill");

    for (String node : NODES) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.api(node).get("/cluster").json().path("paused").isNull());
    }
    long resumedAt = executions(a, "all");
    await().atMost(Duration.ofSeconds(30)).until(() -> executions(a, "all") > resumedAt);
    cluster.awaitChecksOnEveryNode("carillon_pause_checks", 5);
    assertThat(audit(a, "scheduler.resume-all", "scheduler")).hasSize(1);
  }

  private static void create(ApiClient api, String name) {
    ApiClient.Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"cycle\",\"name\":\""
                + name
                + "\",\"type\":\"noop\","
                + "\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static JsonNode job(String node, String name) {
    return cluster.api(node).get("/jobs/cycle/" + name).json();
  }

  private static long executions(ApiClient api, String name) {
    return api.get("/jobs/cycle/" + name).json().path("executions").asLong();
  }

  private static List<JsonNode> audit(ApiClient api, String action, String target) {
    List<JsonNode> entries = new ArrayList<>();
    api.get("/audit?action=" + action + "&target=" + target)
        .json()
        .path("items")
        .forEach(entries::add);
    return entries;
  }
}
