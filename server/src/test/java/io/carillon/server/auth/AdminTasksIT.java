package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.carillon.server.testing.ServerProcess.TaskReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port's tasks (drain, standby, resume, log-level, gc) on the packaged server: they need
 * an admin key, refuse what a browser sends from another site, and turning Jetty's logging up to
 * DEBUG (which prints every request header) does not put keys into the log.
 */
class AdminTasksIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(AdminTasksIT.class);

  @TempDir static Path workDir;
  private static ServerProcess server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    int port = FreePort.pick();
    server =
        ServerProcess.server(
                workDir,
                Map.of(
                    "DATABASE_URL", DB.url(),
                    "DATABASE_USER", DB.user(),
                    "DATABASE_PASSWORD", DB.password(),
                    "CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY,
                    "CARILLON_THREADS", "4",
                    "DATABASE_POOL_SIZE", "8",
                    "PORT", Integer.toString(port)))
            .awaitHealthy();
    api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  @Test
  void a_task_without_a_key_or_with_a_wrong_one_is_401_and_does_nothing() {
    TaskReply none = server.task("standby", new String[0]);
    assertThat(none.status()).as(none.text()).isEqualTo(401);
    assertThat(none.text()).contains("admin API key");

    TaskReply wrong = server.task("standby", "Authorization", bearer("crl_wrong"));
    assertThat(wrong.status()).as(wrong.text()).isEqualTo(401);

    assertThat(api.get("/scheduler").json().path("state").asText()).isEqualTo("running");
  }

  @Test
  void a_task_needs_the_admin_role() {
    String operator =
        api.post("/keys", "{\"name\":\"watcher\",\"role\":\"operator\"}")
            .json()
            .path("key")
            .asText();

    TaskReply reply = server.task("gc", "Authorization", bearer(operator));

    assertThat(reply.status()).as(reply.text()).isEqualTo(403);
    assertThat(reply.text()).contains("admin role");
  }

  @Test
  void a_cross_site_text_plain_post_is_refused_even_with_the_admin_key() {
    TaskReply fromPage =
        server.task(
            "standby",
            "Authorization",
            bearer(ApiApp.ADMIN_KEY),
            "Origin",
            "https://attacker.example",
            "Content-Type",
            "text/plain");
    assertThat(fromPage.status()).as(fromPage.text()).isEqualTo(403);

    TaskReply fetched =
        server.task(
            "standby", "Authorization", bearer(ApiApp.ADMIN_KEY), "Sec-Fetch-Site", "cross-site");
    assertThat(fetched.status()).as(fetched.text()).isEqualTo(403);

    assertThat(api.get("/scheduler").json().path("state").asText()).isEqualTo("running");
  }

  @Test
  void with_the_admin_key_a_task_runs() {
    TaskReply reply = server.task("gc");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  @Test
  void jetty_at_debug_logs_request_headers_with_the_authorization_value_redacted() {
    TaskReply debug = server.task("log-level?logger=org.eclipse.jetty.http&level=DEBUG");
    assertThat(debug.status()).as(debug.text()).isEqualTo(200);
    try {
      assertThat(api.get("/jobs").status()).isEqualTo(200);
      // Jetty did log the header, so the test sees DEBUG at work.
      await("Jetty's DEBUG lines about the Authorization header")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  server
                      .output()
                      .lines()
                      .anyMatch(
                          line ->
                              line.contains("org.eclipse.jetty.http.HttpParser")
                                  && line.contains("Authorization")));
    } finally {
      server.task("log-level?logger=org.eclipse.jetty.http&level=INFO");
    }
    assertThat(server.output()).doesNotContain(ApiApp.ADMIN_KEY);
    assertThat(server.output()).contains("Authorization: <redacted>");
  }
}
