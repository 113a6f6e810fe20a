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
    Reply reply = api.send("PATCH", "/jobs/g/n", "application/json", "{}");

    assertProblem(reply, 405);
    assertThat(reply.header("Allow")).contains("GET");
  }

  @Test
  void a_body_that_is_not_json_is_a_415_problem() {
    assertProblem(api.send("POST", "/jobs", "text/plain", "name=x"), 415);
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
