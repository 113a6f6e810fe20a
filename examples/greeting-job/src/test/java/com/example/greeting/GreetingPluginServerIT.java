package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin author does: build the jar, drop it in the server's plugin directory, start the
 * server, and create and run a job of the new type through the REST API.
 */
class GreetingPluginServerIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(GreetingPluginServerIT.class);

  @TempDir Path workDir;

  @Test
  void the_server_loads_the_plugin_from_its_plugin_directory_and_runs_a_greeting_job()
      throws Exception {
    Path plugins = Files.createDirectories(workDir.resolve("plugins"));
    Path jar = Path.of(System.getProperty("greeting.plugin.jar"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    int port = FreePort.pick();

    try (ServerProcess server =
        ServerProcess.server(
            workDir,
            Map.of(
                "DATABASE_URL", DB.url(),
                "DATABASE_USER", DB.user(),
                "DATABASE_PASSWORD", DB.password(),
                "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
                "PORT", Integer.toString(port),
                "CARILLON_PLUGINS", plugins.toString()))) {
      server.awaitHealthy();
      ApiClient api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);

      assertThat(api.get("/job-types").text()).contains("\"name\":\"greeting\"");

      Reply created =
          api.post(
              "/jobs",
              "{\"group\":\"plugins\",\"name\":\"hello\",\"type\":\"greeting\","
                  + "\"params\":{\"name\":\"Ada\",\"language\":\"fr\"}}");
      assertThat(created.status()).as(created.text()).isEqualTo(201);

      Reply refused =
          api.post(
              "/jobs",
              "{\"name\":\"bad\",\"type\":\"greeting\",\"params\":{\"language\":\"tlh\"}}");
      assertThat(refused.status()).as(refused.text()).isEqualTo(400);
      assertThat(refused.text()).contains("params.name").contains("params.language");

      String executionId =
          api.post("/jobs/plugins/hello/run", "{}").json().path("executionId").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          DB.strings(
                              "SELECT status FROM carillon_execution WHERE id = ?", executionId))
                      .containsExactly("SUCCEEDED"));
    }
  }
}
