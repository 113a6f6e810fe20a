package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Endpoints;
import io.carillon.server.testing.Endpoints.Endpoint;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No endpoint answers without a valid key: walked over every endpoint Jersey really serves. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthenticationIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(AuthenticationIT.class);

  // Wrong keys are sent on purpose here; the lockout has its own test.
  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, ConfigOverride.config("auth.failuresBeforeLockout", "1000"));

  private final ApiClient admin = ApiApp.client(APP);

  private ApiClient anonymous() {
    return admin.withKey(null);
  }

  @TestFactory
  Stream<DynamicTest> every_endpoint_jersey_serves_answers_401_without_a_key() {
    List<Endpoint> served = Endpoints.carillon(APP);
    assertThat(served).hasSizeGreaterThan(15);
    return served.stream()
        .map(
            endpoint ->
                DynamicTest.dynamicTest(
                    endpoint.toString(),
                    () ->
                        assertUnauthorized(
                            call(ApiApp.root(APP).withKey(null), endpoint), endpoint)));
  }

  @TestFactory
  Stream<DynamicTest> every_endpoint_answers_401_to_an_unknown_key() {
    return Endpoints.carillon(APP).stream()
        .map(
            endpoint ->
                DynamicTest.dynamicTest(
                    endpoint.toString(),
                    () ->
                        assertUnauthorized(
                            call(
                                ApiApp.root(APP).withKey("crl_not-a-key-anyone-was-given"),
                                endpoint),
                            endpoint)));
  }

  @Test
  void a_path_nobody_serves_is_401_too_not_404() {
    assertUnauthorized(anonymous().get("/no-such-thing"), "GET /no-such-thing");
  }

  @Test
  void another_authorization_scheme_is_401() {
    Reply basic =
        anonymous()
            .send(
                "GET",
                "/jobs",
                "application/json",
                null,
                "Authorization",
                "Basic YWRtaW46YWRtaW4=");
    assertUnauthorized(basic, "Basic authentication");
  }

  @Test
  void a_revoked_key_is_401() {
    Reply created = admin.post("/keys", "{\"name\":\"short-lived\",\"role\":\"viewer\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    ApiClient viewer = admin.withKey(created.json().path("key").asText());
    assertThat(viewer.get("/jobs").status()).isEqualTo(200);

    assertThat(admin.delete("/keys/" + created.json().path("id").asText()).status()).isEqualTo(204);

    assertUnauthorized(viewer.get("/jobs"), "GET /jobs with a revoked key");
  }

  @Test
  void the_openapi_document_is_public() {
    ApiClient root = new ApiClient("http://127.0.0.1:" + APP.getLocalPort() + "/api");
    assertThat(root.get("/openapi.json").status()).isEqualTo(200);
    assertThat(root.get("/openapi.yaml").status()).isEqualTo(200);
  }

  @Test
  void responses_carry_security_headers() {
    for (Reply reply : List.of(admin.get("/jobs"), anonymous().get("/jobs"))) {
      assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(reply.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
      assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  void cors_is_off_a_preflight_gets_no_allow_origin() {
    Reply preflight =
        admin.send(
            "OPTIONS",
            "/jobs",
            "application/json",
            null,
            "Origin",
            "https://evil.example",
            "Access-Control-Request-Method",
            "DELETE");
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    Reply get = admin.send("GET", "/jobs", "application/json", null, "Origin", "https://x.example");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void the_key_itself_is_never_in_an_answer() {
    Reply created = admin.post("/keys", "{\"name\":\"secret-check\",\"role\":\"operator\"}");
    String key = created.json().path("key").asText();
    assertThat(key).startsWith("crl_").hasSizeGreaterThan(40);

    Reply listed = admin.get("/keys");
    assertThat(listed.text()).doesNotContain(key).doesNotContain(ApiApp.ADMIN_KEY);
    assertThat(listed.text()).doesNotContain(ApiKeys.hash(key));
    assertThat(admin.get("/audit").text()).doesNotContain(key);
  }

  static Reply call(ApiClient api, Endpoint endpoint) {
    String body =
        "GET".equals(endpoint.method()) || "DELETE".equals(endpoint.method()) ? null : "{}";
    // PATCH takes a JSON Merge Patch; any other type is refused (415) before roles are checked.
    String type =
        "PATCH".equals(endpoint.method()) ? "application/merge-patch+json" : "application/json";
    return api.send(endpoint.method(), endpoint.concretePath(), type, body);
  }

  static void assertUnauthorized(Reply reply, Object what) {
    assertThat(reply.status()).as("%s: %s", what, reply.text()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).as("%s", what).startsWith("Bearer");
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().path("status").asInt()).isEqualTo(401);
  }
}
