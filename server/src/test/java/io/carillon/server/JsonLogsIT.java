package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** JSON logging chosen in config.yml: lines written during a run name its execution and job. */
class JsonLogsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(JsonLogsIT.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDir;

  @Test
  void a_failed_run_is_logged_as_json_with_its_execution_id_and_job_key() throws Exception {
    Path config =
        ServerProcess.configWith(
            workDir,
            "logging:\n  level: INFO\n",
            "logging:\n  level: INFO\n  appenders:\n    - type: console\n      layout: {type: json}\n");
    int port = FreePort.pick();
    try (ServerProcess server =
        ServerProcess.server(
            workDir.resolve("node"),
            Map.of(
                "DATABASE_URL", DB.url(),
                "DATABASE_USER", DB.user(),
                "DATABASE_PASSWORD", DB.password(),
                "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
                "PORT", Integer.toString(port)),
            config)) {
      server.awaitHealthy();
      ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
      api.post(
          "/jobs",
          "{\"group\":\"logs\",\"name\":\"failing\",\"type\":\"noop\",\"params\":{\"fail\":true}}");
      String id = api.post("/jobs/logs/failing/run", "{}").json().path("executionId").asText();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(runLines(server.output()))
                      .anySatisfy(
                          line -> {
                            assertThat(line.path("level").asText()).isEqualTo("WARN");
                            assertThat(line.path("message").asText()).contains("Run ended FAILED");
                            assertThat(line.path("mdc").path("executionId").asText()).isEqualTo(id);
                            assertThat(line.path("mdc").path("job").asText())
                                .isEqualTo("logs/failing");
                          }));
    }
  }

  /** The JSON log lines that carry a run's MDC; anything else on the console is skipped. */
  private static List<JsonNode> runLines(String output) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("{")) {
        try {
          JsonNode node = JSON.readTree(line);
          if (node.has("mdc")) {
            lines.add(node);
          }
        } catch (java.io.IOException e) {
          // A line that merely starts with "{" but is not one JSON object is not a log event.
        }
      }
    }
    return lines;
  }
}
