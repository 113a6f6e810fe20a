package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.Endpoints;
import io.carillon.server.testing.Endpoints.Endpoint;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The served OpenAPI document describes every endpoint Jersey actually serves. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(OpenApiIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  @Test
  void every_endpoint_jersey_serves_is_in_the_openapi_document() {
    ApiClient api = new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api");
    ApiClient.Reply reply = api.get("/openapi.json");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode paths = reply.json().path("paths");

    List<Endpoint> served = carillonEndpoints();
    assertThat(served).hasSizeGreaterThan(10);
    for (Endpoint endpoint : served) {
      assertThat(paths.path(endpoint.path()).has(endpoint.method().toLowerCase(Locale.ROOT)))
          .as("%s %s is in the OpenAPI document", endpoint.method(), endpoint.path())
          .isTrue();
    }
  }

  @Test
  void the_document_says_every_operation_needs_a_bearer_api_key() {
    JsonNode document =
        new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api")
            .get("/openapi.json")
            .json();

    assertThat(
            document
                .path("components")
                .path("securitySchemes")
                .path("apiKey")
                .path("scheme")
                .asText())
        .isEqualTo("bearer");
    assertThat(document.path("security").get(0).has("apiKey")).isTrue();
  }

  @Test
  void the_document_states_the_rule_for_names_and_instants() {
    JsonNode schemas =
        new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api")
            .get("/openapi.json")
            .json()
            .path("components")
            .path("schemas");

    assertThat(schemas.at("/JobRequest/properties/name/pattern").asText())
        .isEqualTo(io.carillon.server.core.definition.JobRequest.NAME_PATTERN);
    assertThat(schemas.at("/JobRequest/properties/group/pattern").asText())
        .isEqualTo(io.carillon.server.core.definition.JobRequest.NAME_PATTERN);
    assertThat(schemas.at("/ScheduleSpec/properties/at/description").asText())
        .contains("9999-12-31T23:59:59Z");
  }

  @Test
  void every_resource_class_jersey_serves_is_listed_for_the_document() {
    Set<String> owners = new TreeSet<>();
    carillonEndpoints().forEach(endpoint -> owners.add(endpoint.owner()));

    assertThat(owners)
        .containsExactlyInAnyOrderElementsOf(
            ApiDocument.RESOURCES.stream().map(Class::getName).toList());
  }

  @Test
  void the_document_describes_deleting_a_running_job_if_match_and_run_now_overrides() {
    JsonNode document =
        new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api")
            .get("/openapi.json")
            .json();
    JsonNode delete = document.path("paths").path("/v1/jobs/{group}/{name}").path("delete");
    List<String> parameters = new java.util.ArrayList<>();
    delete.path("parameters").forEach(p -> parameters.add(p.path("name").asText()));

    assertThat(parameters).contains("interrupt", "If-Match");
    assertThat(delete.path("responses").has("409")).isTrue();
    assertThat(delete.path("responses").has("412")).isTrue();
    JsonNode run = document.path("paths").path("/v1/jobs/{group}/{name}/run").path("post");
    assertThat(run.path("responses").has("403")).isTrue();
    assertThat(run.path("description").asText()).contains("overridable");
    assertThat(document.toString()).contains("\"overridable\"");
  }

  /** Carillon's endpoints, as Jersey itself lists them at start-up. */
  static List<Endpoint> carillonEndpoints() {
    return Endpoints.carillon(APP);
  }
}
