package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a node with a job running: it drains (not ready, no new fires), waits up to the grace
 * period, then interrupts.
 */
class GracefulStopIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(GracefulStopIT.class);

  @TempDir Path workDir;

  @Test
  void a_job_that_finishes_within_the_grace_period_completes_before_the_node_exits() {
    int port = FreePort.pick();
    try (ServerProcess server = start("patient", port, "30s")) {
      String execution = runSleepJob(port, "short", "PT5S");
      awaitStatus(execution, "RUNNING");

      server.sigterm();
      // Drained before the server stops: the readiness endpoint still answers, with 503, while
      // the run finishes within the grace period.
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> server.readyStatus() == 503);
      assertThat(DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
          .containsExactly("RUNNING");
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(143);

      assertThat(DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
          .containsExactly("SUCCEEDED");
      assertThat(DB.strings("SELECT state FROM carillon_node WHERE node_id = 'patient'"))
          .containsExactly("stopped");
      assertThat(
              DB.number(
                  "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'patient'"))
          .as("the node left the cluster")
          .isZero();
      assertThat(DB.number("SELECT duration_ms FROM carillon_execution WHERE id = ?", execution))
          .isGreaterThanOrEqualTo(5000);
      assertThat(server.output()).contains("left the cluster with no job running");
    }
  }

  @Test
  void a_job_still_running_when_the_grace_period_ends_is_interrupted_and_the_node_exits() {
    int port = FreePort.pick();
    try (ServerProcess server = start("impatient", port, "1s")) {
      String execution = runSleepJob(port, "long", "PT10M");
      awaitStatus(execution, "RUNNING");

      assertThat(server.terminate(Duration.ofSeconds(60))).isEqualTo(143);

      assertThat(server.output())
          .contains("Interrupting long.sleeper")
          .contains("interrupted runs are recovered elsewhere");
      assertThat(DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
          .doesNotContain("SUCCEEDED");
    }
  }

  @Test
  void on_h2_a_sigterm_during_a_run_lets_it_finish_on_an_open_database() throws Exception {
    int port = FreePort.pick();
    String url = "jdbc:h2:file:" + workDir.resolve("h2").resolve("carillon");
    ServerProcess server =
        ServerProcess.server(
                workDir.resolve("h2"),
                Map.of(
                    "DATABASE_URL",
                    url,
                    "CARILLON_ADMIN_KEY",
                    ApiApp.ADMIN_KEY,
                    "CARILLON_SHUTDOWN_GRACE",
                    "30s",
                    "PORT",
                    Integer.toString(port)))
            .awaitHealthy();
    try (server) {
      String execution = runSleepJob(port, "embedded", "PT3S");
      ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> api.get("/executions/" + execution).json().path("status").asText(),
              "RUNNING"::equals);

      assertThat(server.terminate(Duration.ofSeconds(60))).isEqualTo(143);

      // H2 used to close the database in its own shutdown hook, under the scheduler still running.
      assertThat(server.output())
          .contains("left the cluster with no job running")
          .doesNotContain("Runtime error occurred in main trigger firing loop")
          .doesNotContain("Could not record the end");
      try (Connection connection =
              DriverManager.getConnection(DatabaseDialect.H2.connectionUrl(url), "carillon", "");
          PreparedStatement query =
              connection.prepareStatement("SELECT status FROM carillon_execution WHERE id = ?")) {
        query.setString(1, execution);
        try (ResultSet result = query.executeQuery()) {
          assertThat(result.next()).isTrue();
          assertThat(result.getString(1)).isEqualTo("SUCCEEDED");
        }
      }
    }
  }

  private ServerProcess start(String node, int port, String grace) {
    ServerProcess server =
        ServerProcess.server(
            workDir.resolve(node),
            Map.of(
                "DATABASE_URL", DB.url(),
                "DATABASE_USER", DB.user(),
                "DATABASE_PASSWORD", DB.password(),
                "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
                "CARILLON_NODE_ID", node,
                "CARILLON_SHUTDOWN_GRACE", grace,
                "PORT", Integer.toString(port)));
    return server.awaitHealthy();
  }

  private static String runSleepJob(int port, String group, String duration) {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
    ApiClient.Reply created =
        api.post(
            "/jobs",
            "{\"group\":\""
                + group
                + "\",\"name\":\"sleeper\",\"type\":\"sleep\",\"params\":{\"duration\":\""
                + duration
                + "\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return api.post("/jobs/" + group + "/sleeper/run", "{}").json().path("executionId").asText();
  }

  private static void awaitStatus(String execution, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        DB.strings("SELECT status FROM carillon_execution WHERE id = ?", execution))
                    .containsExactly(status));
  }
}
