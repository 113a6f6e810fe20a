package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Interrupts and {@code overlap: skip} across two server processes on one database. */
class ExecutionsClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ExecutionsClusterIT.class);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;

  @BeforeAll
  static void startTwoNodes() {
    cluster =
        ProcessCluster.start(DB, workDir, Map.of("CARILLON_THREADS", "1"), "node-a", "node-b");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void an_interrupt_sent_to_one_node_stops_the_run_on_the_other() {
    ApiClient a = cluster.api("node-a");
    assertThat(
            a.post(
                    "/jobs",
                    "{\"group\":\"cluster\",\"name\":\"slow\",\"type\":\"sleep\","
                        + "\"params\":{\"duration\":\"PT120S\"}}")
                .status())
        .isEqualTo(201);
    String id = a.post("/jobs/cluster/slow/run", null).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.get("/executions/" + id).json().path("status").asText().equals("RUNNING"));
    String runner = a.get("/executions/" + id).json().path("node").asText();
    String other = runner.equals("node-a") ? "node-b" : "node-a";

    Reply interrupt = cluster.api(other).post("/jobs/cluster/slow/interrupt", null);

    assertThat(interrupt.status()).as(interrupt.text()).isEqualTo(202);
    assertThat(interrupt.json().path("executions").asInt()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(a.get("/executions/" + id).json().path("status").asText())
                    .isEqualTo("INTERRUPTED"));
    assertThat(a.get("/executions/" + id).json().path("node").asText()).isEqualTo(runner);
  }

  @Test
  void overlap_skip_holds_across_nodes() {
    ApiClient a = cluster.api("node-a");
    // Fires every second; a run takes twenty seconds. Each node has one worker thread, so while
    // one node runs the job it cannot take fires: the other node takes them and must skip them.
    Reply created =
        a.post(
            "/jobs",
            "{\"group\":\"cluster\",\"name\":\"skipper\",\"type\":\"sleep\","
                + "\"params\":{\"duration\":\"PT20S\"},\"overlap\":\"skip\","
                + "\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    // A fire skipped on one node because the run held by the other node was still going.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution s JOIN carillon_execution r"
                            + " ON r.job_name = s.job_name AND r.status <> 'SKIPPED'"
                            + " AND r.node_id <> s.node_id AND s.started_at >= r.started_at"
                            + " AND (r.finished_at IS NULL OR s.started_at <= r.finished_at)"
                            + " WHERE s.status = 'SKIPPED' AND s.job_name = 'skipper'")
                    > 0);
    assertThat(a.post("/jobs/cluster/skipper/pause", null).status()).isEqualTo(200);
    assertThat(a.post("/jobs/cluster/skipper/interrupt", null).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution"
                            + " WHERE job_name = 'skipper' AND status = 'RUNNING'")
                    == 0);

    List<String> overlapping =
        DB.strings(
            "SELECT x.id FROM carillon_execution x JOIN carillon_execution y"
                + " ON x.job_name = y.job_name AND x.seq < y.seq"
                + " AND y.started_at < x.finished_at AND x.started_at < y.finished_at"
                + " WHERE x.job_name = 'skipper' AND x.status <> 'SKIPPED'"
                + " AND y.status <> 'SKIPPED'");
    assertThat(overlapping).as("runs of a skip job that overlapped").isEmpty();
    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_execution WHERE job_name = 'skipper'"
                    + " AND status <> 'SKIPPED'"))
        .isPositive();
  }
}
