package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document is a contract clients can generate from: it passes Redocly's lint
 * with the recommended rules ({@code tools/openapi}, installed by {@code ./test}), and every
 * operation has a verb-like id of its own, a typed success response, and problem+json errors.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiLintIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(OpenApiLintIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  /** Installed by ./test with npm ci; run from the server module's directory. */
  static final Path REDOCLY =
      Path.of("../tools/openapi/node_modules/.bin/redocly").toAbsolutePath();

  @TempDir Path dir;

  private JsonNode document() {
    ApiClient.Reply reply =
        new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api").get("/openapi.json");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void the_document_passes_redocly_lint_with_the_recommended_rules() throws Exception {
    assertThat(REDOCLY)
        .as("the linter: run npm ci --prefix tools/openapi (./test does)")
        .isExecutable();
    Path file = dir.resolve("openapi.json");
    Files.writeString(file, document().toString());

    Process lint =
        new ProcessBuilder(REDOCLY.toString(), "lint", "--extends=recommended", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(lint.exitValue()).as(output).isZero();
    assertThat(output).contains("Your API description is valid");
  }

  @Test
  void every_operation_has_its_own_verb_id_a_summary_a_typed_success_and_problem_errors()
      throws IOException {
    JsonNode document = document();
    assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo("/api");
    assertThat(document.path("info").path("version").asText()).isNotBlank();
    assertThat(document.at("/components/securitySchemes/apiKey/scheme").asText())
        .isEqualTo("bearer");

    Set<String> ids = new HashSet<>();
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String key = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        keys.add(key);
        JsonNode op = operation.getValue();
        String id = op.path("operationId").asText();
        assertThat(id)
            .as(key)
            .matches(
                "(list|get|create|replace|patch|delete|pause|resume|run|rerun|interrupt|cancel|backfill|export|apply|revoke|repair|preview)[A-Z][A-Za-z]*");
        assertThat(ids.add(id)).as("%s: %s is unique", key, id).isTrue();
        assertThat(op.path("summary").asText()).as(key).isNotBlank();
        JsonNode responses = op.path("responses");
        assertThat(responses.has("default")).as(key).isFalse();
        List<String> success = new ArrayList<>();
        responses
            .fieldNames()
            .forEachRemaining(
                code -> {
                  if (code.startsWith("2")) {
                    success.add(code);
                  }
                });
        assertThat(success).as(key).isNotEmpty();
        for (String code : success) {
          if (!code.equals("204")) {
            assertThat(responses.path(code).path("content").isObject())
                .as(key + " " + code)
                .isTrue();
          }
        }
        for (String code : List.of("400", "401", "403")) {
          assertThat(responses.path(code).path("content").has("application/problem+json"))
              .as(key + " " + code)
              .isTrue();
        }
      }
    }
    // No stale entry; a new endpoint needs an entry there or @Operation(operationId, summary).
    assertThat(keys).containsAll(ApiContract.OPERATIONS.keySet());
  }
}
