package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** History, output, retries, timeouts and interrupts through the real API on PostgreSQL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExecutionsApiIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ExecutionsApiIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          // The jobs here call receivers on loopback, which http jobs may not reach by default.
          ConfigOverride.config("jobTypes.http.allowed", "127.0.0.1/32"));

  private static HttpServer receiver;

  private final ApiClient api = ApiApp.client(APP);

  @BeforeAll
  static void startLoopbackReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hello",
        exchange -> {
          byte[] body = "hello from loopback\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void a_manual_run_is_recorded_with_its_trigger_result_and_output_and_counted_on_the_job() {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hello";
    create(
        "{\"group\":\"hist\",\"name\":\"http\",\"type\":\"http\",\"params\":{\"url\":\""
            + url
            + "\"}}");

    String id = run("hist", "http");
    JsonNode execution = awaitFinished(id);

    assertThat(execution.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(execution.path("trigger").asText()).isEqualTo("manual");
    assertThat(execution.path("attempt").asInt()).isEqualTo(1);
    assertThat(execution.path("group").asText()).isEqualTo("hist");
    assertThat(execution.path("node").asText()).isNotBlank();
    assertThat(execution.path("result").path("status").asInt()).isEqualTo(200);
    assertThat(execution.path("durationMs").isNumber()).isTrue();

    Reply output = api.getText("/executions/" + id + "/output");
    assertThat(output.status()).as(output.text()).isEqualTo(200);
    assertThat(output.header("Content-Type")).startsWith("text/plain");
    assertThat(output.text()).contains("hello from loopback");

    JsonNode job = api.get("/jobs/hist/http").json();
    assertThat(job.path("executions").asLong()).isEqualTo(1);
    assertThat(job.path("failures").asLong()).isZero();
    assertThat(job.path("lastExecution").path("id").asText()).isEqualTo(id);
    assertThat(job.path("lastExecution").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.path("lastDurationMs").isNumber()).isTrue();

    assertThat(ids(api.get("/jobs/hist/http/executions").json())).containsExactly(id);
    assertThat(ids(api.get("/executions?group=hist&status=succeeded").json())).contains(id);
    assertThat(ids(api.get("/executions?group=hist&status=failed").json())).doesNotContain(id);
  }

  @Test
  void a_failure_is_recorded_with_the_jobs_error_and_stack_trace() {
    create(
        "{\"group\":\"hist\",\"name\":\"failing\",\"type\":\"noop\",\"params\":{\"fail\":true}}");

    JsonNode execution = awaitFinished(run("hist", "failing"));

    assertThat(execution.path("status").asText()).isEqualTo("FAILED");
    assertThat(execution.path("error").asText())
        .contains("failed on purpose")
        .contains("\tat io.carillon.jobs.basic.NoopJobType.run");
    JsonNode job = api.get("/jobs/hist/failing").json();
    assertThat(job.path("failures").asLong()).isEqualTo(1);
  }

  @Test
  void pages_walk_the_history_newest_first_with_a_cursor() {
    create("{\"group\":\"paging\",\"name\":\"noop\",\"type\":\"noop\"}");
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      started.add(run("paging", "noop"));
      awaitFinished(started.get(i));
    }

    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode page = api.get("/executions?group=paging&limit=2&cursor=" + cursor).json();
      seen.addAll(ids(page));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    Collections.reverse(started);
    assertThat(seen).containsExactlyElementsOf(started);
  }

  @Test
  void failed_runs_are_retried_with_exponential_backoff_each_attempt_its_own_execution() {
    create(
        "{\"group\":\"retry\",\"name\":\"flaky\",\"type\":\"noop\",\"params\":{\"fail\":true},"
            + "\"retry\":{\"maxAttempts\":3,\"backoff\":\"PT1S\",\"multiplier\":2.0,"
            + "\"maxBackoff\":\"PT10S\"}}");

    run("retry", "flaky");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/jobs/retry/flaky").json().path("failures").asLong() == 3);
    List<JsonNode> attempts = new ArrayList<>();
    api.get("/jobs/retry/flaky/executions").json().path("items").forEach(attempts::add);
    Collections.reverse(attempts);
    assertThat(attempts).extracting(a -> a.path("attempt").asInt()).containsExactly(1, 2, 3);
    assertThat(attempts)
        .extracting(a -> a.path("trigger").asText())
        .containsExactly("manual", "retry", "retry");
    assertThat(attempts).allMatch(a -> a.path("status").asText().equals("FAILED"));
    Duration firstWait = gap(attempts.get(0), attempts.get(1));
    Duration secondWait = gap(attempts.get(1), attempts.get(2));
    assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
    // Quartz deletes the last one-shot retry trigger only after the listeners have recorded the
    // run.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        DB.number(
                            "SELECT count(*) FROM qrtz_triggers"
                                + " WHERE trigger_group = 'carillon-retry'"))
                    .as("no attempt beyond maxAttempts is scheduled")
                    .isZero());
  }

  @Test
  void a_run_past_its_timeout_is_interrupted_and_recorded_timed_out() {
    create(
        "{\"group\":\"timeouts\",\"name\":\"slow\",\"type\":\"sleep\","
            + "\"params\":{\"duration\":\"PT60S\"},\"timeout\":\"PT1S\"}");

    JsonNode execution = awaitFinished(run("timeouts", "slow"));

    assertThat(execution.path("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(execution.path("error").asText()).startsWith("timed out after PT1S");
    assertThat(execution.path("durationMs").asLong()).isBetween(900L, 30_000L);
    assertThat(api.get("/jobs/timeouts/slow").json().path("failures").asLong()).isEqualTo(1);
  }

  @Test
  void interrupt_stops_a_running_execution() {
    create(
        "{\"group\":\"interrupts\",\"name\":\"slow\",\"type\":\"sleep\","
            + "\"params\":{\"duration\":\"PT60S\"}}");
    String id = run("interrupts", "slow");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/executions/" + id).json().path("status").asText().equals("RUNNING"));

    Reply interrupt = api.post("/jobs/interrupts/slow/interrupt", null);

    assertThat(interrupt.status()).as(interrupt.text()).isEqualTo(202);
    assertThat(interrupt.json().path("executions").asInt()).isEqualTo(1);
    JsonNode execution = awaitFinished(id);
    assertThat(execution.path("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(execution.path("interruptRequestedAt").asText()).isNotBlank();
  }

  @Test
  void unknown_executions_are_404_and_bad_filters_are_400() {
    assertThat(api.get("/executions/nope").status()).isEqualTo(404);
    assertThat(api.getText("/executions/nope/output").status()).isEqualTo(404);
    assertThat(api.get("/jobs/no/such/executions").status()).isEqualTo(404);
    assertThat(api.post("/jobs/no/such/interrupt", null).status()).isEqualTo(404);
    Reply badStatus = api.get("/executions?status=sleeping");
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.json().path("errors").get(0).path("field").asText()).isEqualTo("status");
    assertThat(api.get("/executions?since=yesterday").status()).isEqualTo(400);
    assertThat(api.get("/executions?cursor=zzzz").status()).isEqualTo(400);
  }

  private void create(String json) {
    Reply reply = api.post("/jobs", json);
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }

  private String run(String group, String name) {
    Reply reply = api.post("/jobs/" + group + "/" + name + "/run", null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    return reply.json().path("executionId").asText();
  }

  private JsonNode awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Reply reply = api.get("/executions/" + id);
              return reply.status() == 200 && !reply.json().path("finishedAt").isMissingNode();
            });
    return api.get("/executions/" + id).json();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    Set<String> unique = new HashSet<>(ids);
    assertThat(unique).hasSameSizeAs(ids);
    return ids;
  }

  /** From the end of one attempt to the start of the next. */
  private static Duration gap(JsonNode earlier, JsonNode later) {
    return Duration.between(
        Instant.parse(earlier.path("finishedAt").asText()),
        Instant.parse(later.path("startedAt").asText()));
  }
}
