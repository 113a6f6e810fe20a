package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static io.carillon.server.resources.JobsApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input of every kind gets a 4xx problem naming the field, never a 500, and stores nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiErrorsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(ApiErrorsIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, ConfigOverride.config("maxRequestBytes", "4096"));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void malformed_json_is_400() {
    Reply reply = api.post("/jobs", "{\"name\": \"x\", ");

    assertProblem(reply, 400);
    assertThat(reply.json().path("detail").asText()).contains("not well-formed JSON");
    assertNothingStored();
  }

  @Test
  void an_unknown_field_is_400_naming_it() {
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"colour\":\"red\"}"), "colour");
    assertNothingStored();
  }

  @Test
  void a_value_of_the_wrong_type_is_400_naming_it() {
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"enabled\":\"yes please\"}"),
        "enabled");
    assertField(api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"labels\":[1,2]}"), "labels");
    assertNothingStored();
  }

  @Test
  void missing_name_and_type_are_both_reported() {
    Reply reply = api.post("/jobs", "{}");

    assertField(reply, "name");
    assertField(reply, "type");
  }

  @Test
  void a_bad_name_or_group_is_400() {
    assertField(api.post("/jobs", "{\"name\":\"has space\",\"type\":\"noop\"}"), "name");
    assertField(api.post("/jobs", "{\"group\":\"a/b\",\"name\":\"x\",\"type\":\"noop\"}"), "group");
    assertField(
        api.post("/jobs", "{\"name\":\"" + "n".repeat(101) + "\",\"type\":\"noop\"}"), "name");
    assertNothingStored();
  }

  @Test
  void an_unknown_job_type_is_400_on_type() {
    assertField(api.post("/jobs", "{\"name\":\"x\",\"type\":\"teleport\"}"), "type");
  }

  @Test
  void parameters_that_break_the_type_schema_are_400_naming_each() {
    Reply unknown =
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"sleep\",\"params\":{\"duration\":\"PT1S\",\"speed\":3}}");
    assertField(unknown, "params.speed");

    Reply missing = api.post("/jobs", "{\"name\":\"x\",\"type\":\"http\",\"params\":{}}");
    assertField(missing, "params.url");

    Reply wrongType =
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"sleep\",\"params\":{\"duration\":42}}");
    assertField(wrongType, "params.duration");
    assertNothingStored();
  }

  @Test
  void a_shell_job_is_refused_while_shell_is_disabled() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"shell\",\"params\":{\"command\":[\"rm\",\"-rf\",\"/\"]}}");

    assertField(reply, "type");
    assertThat(reply.text()).contains("disabled");
    assertNothingStored();
  }

  @Test
  void a_bad_cron_is_400_with_the_parser_message() {
    Reply reply =
        api.post(
            "/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"cron\":\"0 0 25 * * ?\"}}");

    assertField(reply, "schedule.cron");
    assertNothingStored();
  }

  @Test
  void an_unknown_time_zone_is_400() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"cron\":\"0 0 * * * ?\",\"timeZone\":\"Mars/Base\"}}");

    assertField(reply, "schedule.timeZone");
    assertNothingStored();
  }

  @Test
  void bad_policies_and_durations_are_400_naming_them() {
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"misfire\":\"whenever\"}"),
        "misfire");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"overlap\":\"pile-up\"}"), "overlap");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"timeout\":\"an hour\"}"), "timeout");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"retry\":{\"maxAttempts\":0}}"),
        "retry.maxAttempts");
    assertNothingStored();
  }

  @Test
  void an_oversized_body_is_413() {
    String big = "{\"name\":\"x\",\"type\":\"noop\",\"description\":\"" + "d".repeat(5000) + "\"}";

    assertProblem(api.post("/jobs", big), 413);
    assertNothingStored();
  }

  @Test
  void a_malformed_if_match_is_400() {
    assertField(api.put("/jobs/g/n", "{\"type\":\"noop\"}", "If-Match", "yesterday"), "If-Match");
  }

  @Test
  void an_unknown_path_is_a_404_problem() {
    assertProblem(api.get("/nothing-here"), 404);
  }

  @Test
  void a_wrong_method_is_a_405_problem_that_names_the_allowed_ones() {
    Reply reply = api.send("DELETE", "/jobs", "application/json", null);

    assertProblem(reply, 405);
    assertThat(reply.header("Allow")).contains("GET");
  }

  @Test
  void a_body_that_is_not_json_is_a_415_problem() {
    assertProblem(api.send("POST", "/jobs", "text/plain", "name=x"), 415);
  }

  @Test
  void a_nul_byte_in_any_query_parameter_is_400_naming_it() {
    Map<String, List<String>> parameters =
        Map.of(
            "/jobs", List.of("group", "type", "q", "state", "label", "cursor"),
            "/executions", List.of("group", "job", "status", "since", "cursor"),
            "/audit", List.of("action", "target", "since", "cursor"));
    parameters.forEach(
        (path, names) ->
            names.forEach(name -> assertField(api.get(path + "?" + name + "=a%00b"), name)));
  }

  @Test
  void an_overlong_query_parameter_is_400_naming_it() {
    assertField(api.get("/jobs?q=" + "q".repeat(1001)), "q");
    assertThat(api.get("/jobs?q=" + "q".repeat(1000)).status()).isEqualTo(200);
  }

  @Test
  void a_since_beyond_what_the_database_can_hold_is_400() {
    for (String since : List.of("%2B294277-01-01T00:00:00Z", "-4714-01-01T00:00:00Z")) {
      assertField(api.get("/executions?since=" + since), "since");
      assertField(api.get("/audit?since=" + since), "since");
    }
  }

  @Test
  void a_group_name_no_job_can_have_is_400_on_group_pause_and_resume() {
    String long255 = "g".repeat(255);
    assertField(api.post("/groups/" + long255 + "/pause", null), "group");
    assertField(api.post("/groups/" + long255 + "/resume", null), "group");
    assertField(api.post("/groups/has%20space/pause", null), "group");
  }

  @Test
  void json_values_of_another_type_are_not_coerced() {
    assertField(api.post("/jobs", "{\"group\":true,\"name\":\"x\",\"type\":\"noop\"}"), "group");
    assertField(api.post("/jobs", "{\"name\":1.5,\"type\":\"noop\"}"), "name");
    assertField(api.post("/jobs", "{\"name\":\"x\",\"type\":7}"), "type");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"at\":0}}"),
        "schedule.at");
    // Digits only would otherwise be read as epoch seconds.
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"at\":\"2026\"}}"),
        "schedule.at");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"retry\":{\"maxAttempts\":1.5}}"),
        "retry.maxAttempts");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"retry\":{\"maxAttempts\":\"3\"}}"),
        "retry.maxAttempts");
    assertField(api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"enabled\":1}"), "enabled");
    assertNothingStored();
  }

  @Test
  void a_number_too_large_for_its_field_is_400_naming_it() {
    assertField(
        api.post(
            "/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"retry\":{\"maxAttempts\":99999999999}}"),
        "retry.maxAttempts");
    assertField(
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"cleanup\",\"params\":{\"directory\":\"/tmp/x\",\"retentionDays\":1e400}}"),
        "params.retentionDays");
    assertNothingStored();
  }

  @Test
  void a_key_given_twice_is_400_naming_it() {
    Reply top = api.post("/jobs", "{\"name\":\"x\",\"name\":\"y\",\"type\":\"noop\"}");
    assertField(top, "name");
    assertThat(top.json().path("detail").asText()).contains("more than once");
    assertField(
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"every\":\"PT1M\",\"every\":\"PT1H\"}}"),
        "schedule.every");
    assertNothingStored();
  }

  @Test
  void dot_and_dot_dot_are_not_names() {
    assertField(api.post("/jobs", "{\"name\":\".\",\"type\":\"noop\"}"), "name");
    assertField(api.post("/jobs", "{\"name\":\"..\",\"type\":\"noop\"}"), "name");
    assertField(api.post("/jobs", "{\"group\":\"..\",\"name\":\"x\",\"type\":\"noop\"}"), "group");
    assertNothingStored();
  }

  @Test
  void a_nul_character_in_any_json_string_is_400_naming_it() {
    // Refused as the JSON is read, for every job type alike, before any type looks at it.
    assertField(
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"cleanup\",\"params\":{\"directory\":\"/tmp/a\\u0000b\"}}"),
        "params.directory");
    assertField(
        api.post(
            "/jobs",
            "{\"name\":\"x\",\"type\":\"shell\",\"params\":{\"command\":[\"ls\"],\"workingDir\":\"/tmp\\u0000\"}}"),
        "params.workingDir");
    assertField(
        api.post("/jobs", "{\"name\":\"x\",\"type\":\"noop\",\"description\":\"a\\u0000\"}"),
        "description");
    assertNothingStored();
  }

  @Test
  void http_headers_that_could_smuggle_a_line_are_400_when_saved() {
    String job =
        "{\"name\":\"x\",\"type\":\"http\",\"params\":{\"url\":\"https://example.com/\","
            + "\"headers\":{%s}}}";
    assertField(
        api.post("/jobs", job.formatted("\"X-Ok\":\"a\\r\\nX-Injected: 1\"")),
        "params.headers.X-Ok");
    assertField(api.post("/jobs", job.formatted("\"X-Ok\":\"a\\nb\"")), "params.headers.X-Ok");
    assertField(
        api.post("/jobs", job.formatted("\"X-Bad\\r\\nName\":\"v\"")),
        "params.headers.X-Bad\r\nName");
    assertNothingStored();
  }

  @Test
  void a_cron_that_trips_quartz_gets_a_message_without_java_class_names() {
    for (String cron : List.of("0 0 0 L-", "0 0 0 ? * MON-", "0 0 0 1 J ?")) {
      Reply reply =
          api.post(
              "/jobs",
              "{\"name\":\"x\",\"type\":\"noop\",\"schedule\":{\"cron\":\"" + cron + "\"}}");
      assertField(reply, "schedule.cron");
      assertThat(reply.text()).doesNotContain("java.").doesNotContain("Exception");
    }
  }

  @Test
  void jettys_own_refusals_are_problems_with_the_security_headers() {
    assertJettyProblem(api.get("/jobs/a%2Fb/c"), 400);
    assertJettyProblem(api.get("/jobs/a%00b/c"), 400);
    assertJettyProblem(
        api.send("GET", "/jobs", "application/json", null, "X-Big", "b".repeat(20_000)), 431);
    // A servlet's own 404 (here the admin port's) goes through the same handler.
    Reply admin = new ApiClient("http://127.0.0.1:" + APP.getAdminPort()).get("/nothing-here");
    assertProblem(admin, 404);
    assertSecurityHeaders(admin);
    // The dashboard's missing files too: at least the headers, whatever the body.
    Reply missing = new ApiClient("http://127.0.0.1:" + APP.getLocalPort()).get("/nothing-here.js");
    assertThat(missing.status()).isEqualTo(404);
    assertSecurityHeaders(missing);
  }

  @Test
  void every_api_response_says_no_store() {
    Reply created = api.post("/keys", "{\"name\":\"ci\",\"role\":\"viewer\"}");
    assertThat(created.status()).isEqualTo(201);
    for (Reply reply :
        List.of(
            created,
            api.get("/me"),
            api.get("/jobs/no/such"),
            api.post("/jobs", "{}"),
            api.withKey(null).get("/jobs"),
            api.get("/nothing-here"))) {
      assertThat(reply.header("Cache-Control")).as(reply.toString()).isEqualTo("no-store");
    }
  }

  private static void assertJettyProblem(Reply reply, int status) {
    assertProblem(reply, status);
    assertSecurityHeaders(reply);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.text()).doesNotContain("<html");
  }

  private static void assertSecurityHeaders(Reply reply) {
    assertThat(reply.header("X-Content-Type-Options")).as(reply.toString()).isEqualTo("nosniff");
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(reply.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }

  private static void assertNothingStored() {
    assertThat(DB.number("SELECT count(*) FROM carillon_job")).isZero();
    // Carillon's own canary lives in Quartz's tables too, in its reserved group.
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_job_details WHERE job_group <> 'carillon.internal'"))
        .isZero();
  }
}
