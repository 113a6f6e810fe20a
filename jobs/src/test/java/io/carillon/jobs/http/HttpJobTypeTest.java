package io.carillon.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.carillon.jobs.FieldError;
import io.carillon.jobs.HttpSettings;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.testing.TestRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpJobTypeTest {

  /** What the server saw of one request. */
  record Received(String method, String path, String header, String body) {}

  private final HttpJobType http = new HttpJobType();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          record(exchange);
          respond(exchange, 200, "x".repeat(10_000));
        });
    server.createContext("/broken", exchange -> respond(exchange, 500, "database unavailable"));
    server.createContext("/missing", exchange -> respond(exchange, 404, "no such thing"));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            releaseSlow.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, "late");
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    releaseSlow.countDown();
    server.stop(0);
  }

  private void record(HttpExchange exchange) throws IOException {
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("X-Token"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The test server is on loopback, which the defaults refuse: allowed as an operator would. */
  static final JobTypeSettings LOOPBACK_ALLOWED =
      JobTypeSettings.builder().http(HttpSettings.of(List.of("127.0.0.1/32"), List.of())).build();

  private TestRun run(Map<String, ?> params) {
    return TestRun.of(http, LOOPBACK_ALLOWED, params);
  }

  @Test
  void a_get_with_an_accepted_status_succeeds_and_shows_an_excerpt() throws Exception {
    TestRun run = run(Map.of("url", base + "/ok?day=monday"));

    http.run(run);

    assertThat(received.poll()).isEqualTo(new Received("GET", "/ok?day=monday", null, ""));
    assertThat(run.outputText())
        .startsWith(
            "GET "
                + base
                + "/ok?day=monday -> 200 (10000 bytes)\n"
                + "x".repeat(HttpJobType.EXCERPT_BYTES))
        .contains("[... " + (10_000 - HttpJobType.EXCERPT_BYTES) + " more bytes not shown ...]");
    assertThat(run.resultMap()).containsEntry("status", 200).containsEntry("bytes", 10_000L);
  }

  @Test
  void method_headers_and_body_are_sent_as_given() throws Exception {
    http.run(
        run(
            Map.of(
                "url",
                base + "/ok",
                "method",
                "POST",
                "headers",
                Map.of("X-Token", "abc"),
                "body",
                "{\"report\": \"daily\"}")));

    assertThat(received.poll())
        .isEqualTo(new Received("POST", "/ok", "abc", "{\"report\": \"daily\"}"));
  }

  @Test
  void a_status_outside_the_accepted_ones_fails_the_run_with_the_response_in_the_output() {
    TestRun run = run(Map.of("url", base + "/broken"));

    assertThatThrownBy(() -> http.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("GET " + base + "/broken answered 500, expected 2xx: ")
        .hasMessageContaining("database unavailable");
    assertThat(run.outputText()).contains("-> 500").contains("database unavailable");
    assertThat(run.resultMap()).containsEntry("status", 500);
  }

  @Test
  void an_exact_status_can_be_accepted() throws Exception {
    TestRun run = run(Map.of("url", base + "/missing", "expectedStatus", List.of("200", "404")));

    http.run(run);

    assertThat(run.resultMap()).containsEntry("status", 404);
  }

  @Test
  void a_server_slower_than_the_timeout_fails_the_run() {
    TestRun run = run(Map.of("url", base + "/slow", "timeout", "PT0.5S"));

    assertThatThrownBy(() -> http.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("GET " + base + "/slow failed")
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void a_refused_connection_fails_the_run() throws Exception {
    server.stop(0);

    assertThatThrownBy(() -> http.run(run(Map.of("url", base + "/ok"))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("failed");
  }

  @Test
  void urls_statuses_and_restricted_headers_are_checked_before_storing() {
    assertThatThrownBy(
            () ->
                run(
                    Map.of(
                        "url",
                        "ftp://example.com/file",
                        "expectedStatus",
                        List.of("2xx", "20"),
                        "headers",
                        Map.of("Host", "evil"))))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError("params.url", "must be an absolute http or https URL"),
                        new FieldError(
                            "params.expectedStatus[1]",
                            "must be a status code such as 200 or a class such as 2xx"),
                        new FieldError("params.headers.Host", "cannot be set")));
  }
}
