package io.carillon.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where http jobs may connect: the node itself, link-local and cloud metadata addresses are refused
 * unless the configuration allows them, when a job is stored and, on the resolved addresses, when
 * it runs. Real sockets on loopback stand in for the forbidden services.
 */
class HttpDestinationTest {

  private final HttpJobType http = new HttpJobType();
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger otherHits = new AtomicInteger();
  private HttpServer server;
  private HttpServer other;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/redirect",
        exchange -> {
          hits.incrementAndGet();
          exchange
              .getResponseHeaders()
              .add("Location", "http://127.0.0.2:" + other.getAddress().getPort() + "/");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    other.createContext(
        "/",
        exchange -> {
          otherHits.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    other.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    other.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static JobTypeSettings settings(List<String> allowed, List<String> denied) {
    return JobTypeSettings.builder().http(HttpSettings.of(allowed, denied)).build();
  }

  private List<FieldError> errorsFor(JobTypeSettings settings, String url) {
    try {
      TestRun.of(http, settings, Map.of("url", url));
    } catch (InvalidParametersException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + url + " to be rejected");
  }

  @Test
  void metadata_link_local_loopback_and_numeric_hosts_are_refused_when_the_job_is_stored() {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("http://169.254.169.254/latest/meta-data/", "a link-local address"),
            Map.entry("http://[fd00:ec2::254]/latest/meta-data/", "the AWS metadata service"),
            Map.entry("http://metadata.google.internal/computeMetadata/v1/", "metadata service"),
            Map.entry("http://METADATA.google.internal./", "metadata service"),
            Map.entry("http://100.100.100.200/latest/meta-data/", "Alibaba Cloud metadata"),
            Map.entry("http://[::ffff:169.254.169.254]/", "a link-local address"),
            Map.entry("http://[fe80::1]/", "a link-local address"),
            Map.entry("http://0x7f000001:8081/tasks/gc", "numeric host"),
            Map.entry("http://2130706433:8081/tasks/gc", "numeric host"),
            Map.entry("http://0177.0.0.1:8081/", "numeric host"),
            Map.entry("http://127.0.0.1:8081/tasks/log-level", "a loopback address"),
            Map.entry("http://[::1]:8081/", "a loopback address"),
            Map.entry("http://localhost:8081/tasks/drain", "a loopback address"),
            Map.entry("http://0.0.0.0:8081/", "an unspecified address"),
            Map.entry("http://224.0.0.1/", "a multicast address"));

    refused.forEach(
        (url, reason) ->
            assertThat(errorsFor(JobTypeSettings.defaults(), url))
                .as(url)
                .singleElement()
                .satisfies(
                    error -> {
                      assertThat(error.field()).isEqualTo("params.url");
                      assertThat(error.message()).startsWith("is not allowed: ").contains(reason);
                    }));
  }

  @Test
  void ordinary_public_and_private_destinations_are_accepted_by_default() {
    for (String url :
        List.of(
            "https://example.com/hook",
            "http://10.1.2.3:8080/reports",
            "http://192.168.1.20/",
            "http://[2001:db8::1]/")) {
      TestRun.of(http, JobTypeSettings.defaults(), Map.of("url", url));
    }
  }

  @Test
  void a_name_that_resolves_to_this_node_is_refused_when_the_job_runs() throws Exception {
    // Nothing about the name says "loopback" when it is stored; its addresses do when it runs.
    String name = InetAddress.getLocalHost().getHostName();
    String url = "http://" + name + ":" + server.getAddress().getPort() + "/";
    TestRun run = TestRun.of(http, JobTypeSettings.defaults(), Map.of("url", url));

    assertThatThrownBy(() -> http.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("GET " + url + " refused: " + name.toLowerCase())
        .hasMessageContaining("allow it in jobTypes.http.allowed");
    assertThat(hits).hasValue(0);
  }

  @Test
  void a_job_stored_while_loopback_was_allowed_no_longer_reaches_it_once_that_is_withdrawn()
      throws Exception {
    TestRun stored =
        TestRun.of(http, settings(List.of("127.0.0.1/32"), List.of()), Map.of("url", url()));
    http.run(stored);
    assertThat(hits).hasValue(1);

    TestRun afterChange = stored.under(JobTypeSettings.defaults());
    assertThatThrownBy(() -> http.run(afterChange))
        .isInstanceOf(JobFailedException.class)
        .hasMessage(
            "GET "
                + url()
                + " refused: 127.0.0.1 is a loopback address (this node, its admin port included);"
                + " allow it in jobTypes.http.allowed");
    assertThat(hits).hasValue(1);
  }

  @Test
  void a_redirect_is_never_followed_so_it_cannot_lead_to_a_refused_address() throws Exception {
    TestRun run =
        TestRun.of(
            http,
            settings(List.of("127.0.0.1/32"), List.of()),
            Map.of("url", url() + "redirect", "expectedStatus", List.of("2xx", "3xx")));

    http.run(run);

    assertThat(run.resultMap()).containsEntry("status", 302);
    assertThat(hits).hasValue(1);
    assertThat(otherHits).hasValue(0);
  }

  @Test
  void the_operators_denied_rules_win_over_its_allowed_ones() {
    JobTypeSettings settings =
        settings(List.of("127.0.0.0/8"), List.of("127.0.0.1", "*.corp.example"));

    assertThat(errorsFor(settings, url()))
        .singleElement()
        .satisfies(
            e -> assertThat(e.message()).contains("denied by jobTypes.http.denied 127.0.0.1"));
    assertThat(errorsFor(settings, "https://billing.corp.example/"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.message()).contains("denied by jobTypes.http.denied *.corp.example"));
    TestRun.of(
        http, settings, Map.of("url", "http://127.0.0.2:" + other.getAddress().getPort() + "/"));
  }

  @Test
  void this_nodes_admin_port_stays_refused_even_where_loopback_is_allowed() throws Exception {
    int adminPort = server.getAddress().getPort();
    JobTypeSettings settings =
        JobTypeSettings.builder()
            .http(
                HttpSettings.of(List.of("127.0.0.0/8"), List.of())
                    .withAdminPorts(Set.of(adminPort)))
            .build();

    assertThat(errorsFor(settings, url() + "tasks/log-level"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("is this node's admin port"));
    String byName =
        "http://" + InetAddress.getLocalHost().getHostName() + ":" + adminPort + "/tasks/gc";
    TestRun stored = TestRun.of(http, settings, Map.of("url", byName));
    assertThatThrownBy(() -> http.run(stored))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("is this node's admin port");
    assertThat(hits).hasValue(0);

    // Another port on loopback is what the allowed rule is for.
    TestRun sidecar =
        TestRun.of(
            http,
            settings,
            Map.of("url", "http://127.0.0.2:" + other.getAddress().getPort() + "/"));
    http.run(sidecar);
    assertThat(otherHits).hasValue(1);
  }

  @Test
  void an_allowed_host_name_may_resolve_to_an_otherwise_refused_address() throws Exception {
    String name = InetAddress.getLocalHost().getHostName();
    String url = "http://" + name + ":" + server.getAddress().getPort() + "/";
    TestRun run = TestRun.of(http, settings(List.of(name), List.of()), Map.of("url", url));

    http.run(run);

    assertThat(hits).hasValue(1);
  }

  @Test
  void embedded_ipv4_addresses_are_judged_by_what_they_reach() throws Exception {
    DestinationPolicy policy = new DestinationPolicy(HttpSettings.DEFAULTS);
    for (String address : List.of("64:ff9b::a9fe:a9fe", "::169.254.169.254", "::ffff:127.0.0.1")) {
      assertThat(policy.refusal(address, 80, List.of(InetAddress.getByName(address))))
          .as(address)
          .isNotNull();
    }
    assertThat(policy.refusal("example.com", 80, List.of(InetAddress.getByName("93.184.215.14"))))
        .isNull();
  }
}
