package io.carillon.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin port's Prometheus exposition after real runs, as Prometheus and Grafana read it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusExpositionIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(PrometheusExpositionIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  static final Path DASHBOARD = Path.of("../deploy/grafana-dashboard.json");

  /** Words in PromQL expressions that are functions, keywords or label names, not series. */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "rate",
          "irate",
          "increase",
          "by",
          "max",
          "min",
          "avg",
          "count",
          "without",
          "histogram_quantile",
          "clamp_min",
          "on",
          "ignoring",
          "group_left",
          "topk",
          "or",
          "and");

  /** An identifier not followed by "(" (a function call). */
  private static final Pattern SERIES =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:]|\\s*\\()");

  private static ApiClient api;

  @BeforeAll
  static void runJobs() {
    api = ApiApp.client(APP);
    create("{\"group\":\"obs\",\"name\":\"ok\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"obs\",\"name\":\"bad\",\"type\":\"noop\",\"params\":{\"fail\":true},"
            + "\"retry\":{\"maxAttempts\":2,\"backoff\":\"PT1H\",\"maxBackoff\":\"PT1H\"}}");
    create(
        "{\"group\":\"late\",\"name\":\"once\",\"type\":\"noop\","
            + "\"schedule\":{\"at\":\"2020-01-01T00:00:00Z\"},\"misfire\":\"fire-now\"}");
    assertThat(awaitFinished(run("obs", "ok")).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(awaitFinished(run("obs", "bad")).path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void runs_come_out_as_one_family_labelled_by_group_type_and_status() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());

    assertThat(scrape.types()).containsEntry("carillon_runs_total", "counter");
    assertThat(
            scrape.find(
                "carillon_runs_total",
                Map.of("group", "obs", "type", "noop", "status", "succeeded")))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
    assertThat(
            scrape.find(
                "carillon_runs_total", Map.of("group", "obs", "type", "noop", "status", "failed")))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
    assertThat(
            scrape.find(
                "carillon_run_duration_seconds_count", Map.of("group", "obs", "type", "noop")))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(2.0));
    assertThat(
            scrape.find(
                "carillon_run_duration_seconds", Map.of("type", "noop", "quantile", "0.99")))
        .isPresent();
    assertThat(scrape.has("carillon_run_duration_seconds_sum")).isTrue();
    assertThat(scrape.has("carillon_fire_lag_seconds_count")).isTrue();
    // No label value leaks into a metric name.
    assertThat(scrape.samples())
        .noneMatch(s -> s.name().contains("noop") || s.name().contains("succeeded"));
  }

  @Test
  void misfires_retries_and_recoveries_are_labelled_by_group_and_type() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());

    for (String family :
        List.of("carillon_misfires_total", "carillon_retries_total", "carillon_recoveries_total")) {
      assertThat(scrape.types()).containsEntry(family, "counter");
      assertThat(scrape.find(family, Map.of("group", "obs", "type", "noop")))
          .as(family)
          .isPresent();
    }
    assertThat(scrape.find("carillon_retries_total", Map.of("group", "obs", "type", "noop")))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
    // A one-shot job whose only fire time had passed long ago: Quartz calls it a misfire.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Exposition.scrape(APP.getAdminPort())
                    .find("carillon_misfires_total", Map.of("group", "late", "type", "noop"))
                    .map(s -> s.value() == 1.0)
                    .orElse(false));
  }

  @Test
  void the_canary_is_measured_and_never_counted_as_a_run() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Exposition.scrape(APP.getAdminPort())
                    .find("carillon_canary_age_seconds", Map.of())
                    .map(s -> s.value() >= 0 && s.value() < 15)
                    .orElse(false));
    Exposition scrape = Exposition.scrape(APP.getAdminPort());

    assertThat(scrape.samples()).noneMatch(s -> InternalJobs.GROUP.equals(s.labels().get("group")));
  }

  @Test
  void gauges_report_the_scheduler_and_the_cluster() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());

    assertThat(scrape.find("carillon_threads_size", Map.of()))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(10.0));
    assertThat(scrape.find("carillon_threads_busy", Map.of())).isPresent();
    assertThat(scrape.find("carillon_executions_running", Map.of())).isPresent();
    assertThat(scrape.find("carillon_nodes_live", Map.of()))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
    // Three jobs, whatever state each is in at this moment (the one-shot may have misfired yet).
    assertThat(
            scrape.samples().stream()
                .filter(s -> s.name().equals("carillon_jobs"))
                .mapToDouble(Exposition.Sample::value)
                .sum())
        .isEqualTo(3.0);
    assertThat(scrape.find("carillon_jobs", Map.of("state", "error")))
        .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(0.0));
  }

  @Test
  void the_pool_the_jvm_and_jetty_are_exported_too() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());

    assertThat(scrape.has("carillon_pool_active_connections")).isTrue();
    assertThat(scrape.has("jvm_memory_heap_used")).isTrue();
    assertThat(scrape.samples()).anyMatch(s -> s.name().startsWith("org_eclipse_jetty_"));
  }

  @Test
  void every_series_the_grafana_dashboard_queries_exists() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());
    Set<String> queried = seriesIn(new ObjectMapper().readTree(DASHBOARD.toFile()));

    // "up" is written by Prometheus itself for every target it scrapes.
    queried.remove("up");
    assertThat(queried).contains("carillon_runs_total", "carillon_pool_active_connections");
    assertThat(queried).allSatisfy(name -> assertThat(scrape.has(name)).as(name).isTrue());
  }

  @Test
  void every_series_the_alert_rules_query_exists() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());
    Set<String> queried =
        seriesIn(
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("../deploy/prometheus-alerts.yml").toFile()));

    queried.remove("up");
    assertThat(queried)
        .contains(
            "carillon_canary_age_seconds",
            "carillon_nodes_live",
            "carillon_runs_total",
            "carillon_triggers_stuck",
            "carillon_fire_lag_seconds");
    assertThat(queried).allSatisfy(name -> assertThat(scrape.has(name)).as(name).isTrue());
  }

  @Test
  void promtool_accepts_the_exposition() throws Exception {
    Exposition scrape = Exposition.scrape(APP.getAdminPort());
    // Kept for CI, which checks it with promtool even where this JVM cannot run it.
    Files.writeString(Path.of("target/prometheus-scrape.txt"), scrape.text());
    // A required tool, not an optional check: ./test installs it (docs/building.md).
    assertThat(promtoolInstalled())
        .as("promtool is on the PATH (apt-get install prometheus)")
        .isTrue();
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(scrape.text().getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // promtool exits 3 for lint warnings (naming advice) and 1 for errors in the format: neither.
    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).isBlank();
  }

  /** The series names in every {@code expr} of the dashboard's panels. */
  static Set<String> seriesIn(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual()) {
        String query =
            expr.asText()
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
                .replaceAll("\\b\\d+(\\.\\d+)?\\b", "");
        Matcher m = SERIES.matcher(query);
        while (m.find()) {
          if (!PROMQL_WORDS.contains(m.group(1))) {
            names.add(m.group(1));
          }
        }
      }
      node.forEach(child -> names.addAll(seriesIn(child)));
    } else if (node.isArray()) {
      node.forEach(child -> names.addAll(seriesIn(child)));
    }
    return names;
  }

  private static boolean promtoolInstalled() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "promtool"))) {
        return true;
      }
    }
    return false;
  }

  private static void create(String json) {
    Reply reply = api.post("/jobs", json);
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }

  private static String run(String group, String name) {
    Reply reply = api.post("/jobs/" + group + "/" + name + "/run", null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    return reply.json().path("executionId").asText();
  }

  private static JsonNode awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Reply reply = api.get("/executions/" + id);
              return reply.status() == 200 && !reply.json().path("finishedAt").isMissingNode();
            });
    return api.get("/executions/" + id).json();
  }
}
