package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The files in deploy/ and the Dockerfile are what operators copy, so they are checked like code:
 * the alert rules by promtool, the Kubernetes manifests parsed and held to the configuration they
 * set (variables config.yml reads, its ports, its health checks and its shutdown timing).
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("../deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void promtool_accepts_the_alert_rules() throws Exception {
    Process promtool =
        new ProcessBuilder(
                "promtool", "check", "rules", DEPLOY.resolve("prometheus-alerts.yml").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 7 rules found");
  }

  @Test
  void the_alert_rules_cover_what_an_operator_is_woken_for() throws IOException {
    List<String> alerts = new ArrayList<>();
    YAML.readTree(DEPLOY.resolve("prometheus-alerts.yml").toFile())
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));

    assertThat(alerts)
        .contains(
            "CarillonSchedulerDown",
            "CarillonCanaryLate",
            "CarillonNodeDead",
            "CarillonJobFailing",
            "CarillonTriggersStuck",
            "CarillonFireLagHigh");
  }

  @Test
  void the_kubernetes_manifests_parse_and_agree_with_config_yml() throws IOException {
    Map<String, JsonNode> byKind = manifests();
    assertThat(byKind)
        .containsKeys("ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget");

    String config = Files.readString(Path.of("../config.yml"));
    List<String> variables = new ArrayList<>();
    byKind.get("ConfigMap").path("data").fieldNames().forEachRemaining(variables::add);
    byKind.get("Secret").path("stringData").fieldNames().forEachRemaining(variables::add);
    assertThat(variables).contains("DATABASE_PASSWORD", "CARILLON_ADMIN_KEY", "DATABASE_URL");
    for (String variable : variables) {
      assertThat(config).as("config.yml reads " + variable).contains("${" + variable + ":-");
    }

    JsonNode deployment = byKind.get("Deployment").path("spec");
    JsonNode labels = deployment.at("/template/metadata/labels");
    assertThat(deployment.at("/selector/matchLabels")).isEqualTo(labels);
    assertThat(byKind.get("Service").at("/spec/selector")).isEqualTo(labels);
    assertThat(byKind.get("PodDisruptionBudget").at("/spec/selector/matchLabels"))
        .isEqualTo(labels);

    JsonNode container = deployment.at("/template/spec/containers/0");
    List<String> from = new ArrayList<>();
    for (JsonNode source : container.path("envFrom")) {
      for (var entry : source.properties()) {
        from.add(entry.getKey() + ":" + entry.getValue().path("name").asText());
      }
    }
    assertThat(from).containsExactlyInAnyOrder("configMapRef:carillon", "secretRef:carillon");
    Map<String, Integer> ports = new HashMap<>();
    container
        .path("ports")
        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(ports).containsEntry("http", 8080).containsEntry("admin", 8081);
    assertThat(config).contains("${PORT:-8080}").contains("${ADMIN_PORT:-8081}");
    assertThat(container.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/health-check?type=ready");
    assertThat(container.at("/livenessProbe/httpGet/path").asText())
        .isEqualTo("/health-check?type=alive");

    // The pod is given time to report not ready, then to let its running jobs finish.
    JsonNode settings = byKind.get("ConfigMap").path("data");
    Duration needed =
        seconds(settings.path("CARILLON_HEALTH_SHUTDOWN_WAIT").asText())
            .plus(seconds(settings.path("CARILLON_SHUTDOWN_GRACE").asText()));
    assertThat(
            Duration.ofSeconds(
                deployment.at("/template/spec/terminationGracePeriodSeconds").asLong()))
        .isGreaterThan(needed);
  }

  @Test
  void the_image_health_check_is_liveness_not_the_cluster_wide_checks() throws IOException {
    String dockerfile = Files.readString(Path.of("../Dockerfile"));
    String check = dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"));
    check = check.substring(0, check.indexOf("\n\n"));

    assertThat(check).contains("/health-check?type=alive").doesNotContain("/healthcheck");
  }

  private static Map<String, JsonNode> manifests() throws IOException {
    Map<String, JsonNode> byKind = new HashMap<>();
    try (var parser =
        new YAMLFactory().createParser(DEPLOY.resolve("kubernetes/carillon.yaml").toFile())) {
      var documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null) {
          document = JsonNodeFactory.instance.nullNode();
        }
        assertThat(document.path("apiVersion").asText()).as(document.toString()).isNotBlank();
        assertThat(document.at("/metadata/name").asText()).isEqualTo("carillon");
        byKind.put(document.path("kind").asText(), document);
      }
    }
    return byKind;
  }

  private static Duration seconds(String text) {
    assertThat(text).matches("\\d+s");
    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
  }
}
