package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import io.carillon.server.testing.ServerProcess;
import io.carillon.server.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late detection across three nodes that all check every 300 ms: a job paused by mistake is late on
 * every node's view, and the cluster sends exactly one late notification for the episode and
 * exactly one on-time notification when it runs again, however many checks each node makes.
 */
class LateJobsClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(LateJobsClusterIT.class);

  static final WebhookReceiver RECEIVER = WebhookReceiver.start();
  private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    Path config =
        ServerProcess.configWith(
            workDir,
            "  channels: ${CARILLON_NOTIFICATION_CHANNELS:-[]}\n",
            "  channels:\n    - name: hook\n      type: webhook\n      url: \""
                + RECEIVER.url("/hook")
                + "\"\n");
    cluster =
        ProcessCluster.start(
            DB,
            workDir,
            Map.of("CARILLON_LATE_CHECK_EVERY", "300ms"),
            config,
            NODES.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    RECEIVER.close();
  }

  @Test
  void a_paused_job_is_late_once_across_the_cluster_and_on_time_once_after_it_resumes()
      throws Exception {
    ApiClient a = cluster.api("node-a");
    ApiClient.Reply created =
        a.post(
            "/jobs",
            "{\"group\":\"watch\",\"name\":\"beat\",\"type\":\"noop\","
                + "\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"},"
                + "\"expect\":{\"startWithin\":\"PT3S\",\"successWithin\":\"PT1H\"},"
                + "\"notify\":{\"onLate\":[\"hook\"],\"onRecovery\":[\"hook\"]}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.get("/jobs/watch/beat").json().path("executions").asLong() >= 2);
    cluster.awaitChecksOnEveryNode("carillon_late_checks", 3);
    assertThat(a.get("/jobs/watch/beat").json().path("late").asBoolean()).isFalse();
    assertThat(hooks("late")).isEmpty();

    assertThat(a.post("/jobs/watch/beat/pause", null).status()).isEqualTo(200);

    for (String node : NODES) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.api(node).get("/jobs/watch/beat").json().path("late").asBoolean());
    }
    JsonNode view = cluster.api("node-c").get("/jobs/watch/beat").json();
    assertThat(view.path("lateReason").asText()).contains("without a start").contains("PT3S");
    assertThat(cluster.api("node-b").get("/cluster").json().path("lateJobs").asLong()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> hooks("late").size() >= 1);
    cluster.awaitChecksOnEveryNode("carillon_late_checks", 5);
    assertThat(hooks("late")).as("one notification for the episode, from one node").hasSize(1);
    assertThat(hooks("late").get(0).path("node").asText()).isIn(NODES);

    assertThat(cluster.api("node-b").post("/jobs/watch/beat/resume", null).status()).isEqualTo(200);

    for (String node : NODES) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !cluster.api(node).get("/jobs/watch/beat").json().path("late").asBoolean());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> hooks("on-time").size() >= 1);
    cluster.awaitChecksOnEveryNode("carillon_late_checks", 5);
    assertThat(hooks("on-time")).hasSize(1);
    assertThat(hooks("late")).hasSize(1);
  }

  private static List<JsonNode> hooks(String event) {
    return RECEIVER.bodies("/hook", "/event", event);
  }
}
