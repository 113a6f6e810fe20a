package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with loopback allowed to http jobs (as for a sidecar) still keeps them off
 * its own admin port, whose tasks need no credentials: the port comes from the configuration.
 */
class AdminPortGuardIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(AdminPortGuardIT.class);

  @TempDir Path workDir;

  @Test
  void http_jobs_cannot_call_the_admin_port_even_with_loopback_allowed() throws Exception {
    int port = FreePort.pick();
    int adminPort = FreePort.pick();
    Path config =
        ServerProcess.configWith(
            workDir, "    allowed: ${CARILLON_HTTP_ALLOWED:-[]}\n", "    allowed: [127.0.0.0/8]\n");
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", DB.url(),
            "DATABASE_USER", DB.user(),
            "DATABASE_PASSWORD", DB.password(),
            "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
            "PORT", Integer.toString(port),
            "ADMIN_PORT", Integer.toString(adminPort));
    try (ServerProcess server = ServerProcess.server(workDir, env, config).awaitHealthy()) {
      ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);

      Reply literal =
          api.post(
              "/jobs",
              "{\"name\":\"gc\",\"type\":\"http\",\"params\":{\"method\":\"POST\",\"url\":"
                  + "\"http://127.0.0.1:"
                  + adminPort
                  + "/tasks/gc\"}}");
      assertField(literal, "params.url");
      assertThat(literal.text()).contains("is this node's admin port");

      // A name says nothing when the job is saved; its addresses do when it runs.
      String name = InetAddress.getLocalHost().getHostName();
      Reply byName =
          api.post(
              "/jobs",
              "{\"name\":\"gc-by-name\",\"type\":\"http\",\"params\":{\"method\":\"POST\",\"url\":"
                  + "\"http://"
                  + name
                  + ":"
                  + adminPort
                  + "/tasks/gc\"}}");
      assertThat(byName.status()).as(byName.text()).isEqualTo(201);
      Reply run = api.post("/jobs/default/gc-by-name/run", null);
      assertThat(run.status()).as(run.text()).isEqualTo(202);
      String id = run.json().path("executionId").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !api.get("/executions/" + id).json().path("finishedAt").isMissingNode());
      JsonNode execution = api.get("/executions/" + id).json();
      assertThat(execution.path("status").asText()).as(server::output).isEqualTo("FAILED");
      assertThat(execution.path("error").asText())
          .contains("refused: ")
          .contains("is this node's admin port");

      // What loopback was allowed for still works: the node's API port is not its admin port.
      Reply api2 =
          api.post(
              "/jobs",
              "{\"name\":\"own-api\",\"type\":\"http\",\"params\":{\"url\":"
                  + "\"http://127.0.0.1:"
                  + port
                  + "/api/openapi.json\"}}");
      assertThat(api2.status()).as(api2.text()).isEqualTo(201);
    }
  }
}
