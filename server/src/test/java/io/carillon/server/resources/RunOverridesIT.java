package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static io.carillon.server.resources.JobsApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run-now overrides never give a caller more than their role: an operator overrides only what the
 * job declares overridable, an admin anything the type does not fix, and nobody what the type fixes
 * (here an http job's URL, the way to aim it at the admin port or a metadata service).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunOverridesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(RunOverridesIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static ApiClient admin;
  private static ApiClient operator;

  @BeforeAll
  static void keys() {
    admin = ApiApp.client(APP);
    Reply created = admin.post("/keys", "{\"name\":\"ops\",\"role\":\"operator\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    operator = admin.withKey(created.json().path("key").asText());
  }

  private static String http(String name, String extra) {
    return "{\"group\":\"over\",\"name\":\""
        + name
        + "\",\"type\":\"http\",\"params\":{\"url\":\"https://example.com/report\","
        + "\"method\":\"GET\"}"
        + extra
        + "}";
  }

  private static String sleeper(String name, String extra) {
    return "{\"group\":\"over\",\"name\":\""
        + name
        + "\",\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.01S\"}"
        + extra
        + "}";
  }

  private static long runs(String name) {
    return DB.number("SELECT count(*) FROM carillon_execution WHERE job_name = ?", name);
  }

  private static void assertForbidden(Reply reply, String field) {
    assertProblem(reply, 403);
    List<String> fields = new ArrayList<>();
    reply.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
    assertThat(fields).as(reply.text()).containsExactly(field);
  }

  @Test
  void an_operator_cannot_aim_an_http_job_elsewhere_and_neither_can_an_admin() {
    assertThat(admin.post("/jobs", http("aimed", ",\"overridable\":[\"method\"]")).status())
        .isEqualTo(201);

    String elsewhere = "{\"params\":{\"url\":\"http://127.0.0.1:8081/tasks/drain\"}}";
    assertForbidden(operator.post("/jobs/over/aimed/run", elsewhere), "params.url");
    assertForbidden(admin.post("/jobs/over/aimed/run", elsewhere), "params.url");
    assertForbidden(
        operator.post("/jobs/over/aimed/run", "{\"params\":{\"headers\":{\"Host\":\"x\"}}}"),
        "params.headers");

    assertThat(runs("aimed")).isZero();
  }

  @Test
  void an_operator_overrides_only_what_the_job_declares_overridable() {
    admin.post("/jobs", sleeper("declared", ",\"overridable\":[\"duration\"]"));
    admin.post("/jobs", sleeper("undeclared", ""));

    Reply allowed =
        operator.post("/jobs/over/declared/run", "{\"params\":{\"duration\":\"PT0.02S\"}}");
    assertThat(allowed.status()).as(allowed.text()).isEqualTo(202);

    Reply refused =
        operator.post("/jobs/over/undeclared/run", "{\"params\":{\"duration\":\"PT0.02S\"}}");
    assertForbidden(refused, "params.duration");
    assertThat(runs("undeclared")).isZero();

    // Running without overrides is what the operator role is for.
    assertThat(operator.post("/jobs/over/undeclared/run", "{}").status()).isEqualTo(202);
  }

  @Test
  void an_admin_may_override_what_the_type_does_not_fix_even_if_the_job_does_not_declare_it() {
    admin.post("/jobs", sleeper("by-admin", ""));

    Reply reply = admin.post("/jobs/over/by-admin/run", "{\"params\":{\"duration\":\"PT0.02S\"}}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
  }

  @Test
  void a_job_cannot_declare_a_fixed_or_unknown_parameter_overridable() {
    Reply fixed = admin.post("/jobs", http("fixed", ",\"overridable\":[\"method\",\"url\"]"));
    assertField(fixed, "overridable[1]");
    Reply unknown = admin.post("/jobs", sleeper("unknown", ",\"overridable\":[\"speed\"]"));
    assertField(unknown, "overridable[0]");
    assertThat(admin.get("/jobs/over/fixed").status()).isEqualTo(404);
  }

  @Test
  void the_job_shows_what_it_lets_operators_override_and_the_types_say_what_is_fixed() {
    admin.post("/jobs", sleeper("shown", ",\"overridable\":[\"duration\",\"duration\"]"));

    assertThat(admin.get("/jobs/over/shown").json().path("overridable").toString())
        .isEqualTo("[\"duration\"]");
    JsonNode types = admin.get("/job-types").json();
    assertThat(overridable(types, "shell", "command")).isFalse();
    assertThat(overridable(types, "shell", "env")).isFalse();
    assertThat(overridable(types, "shell", "workingDir")).isFalse();
    assertThat(overridable(types, "cleanup", "directory")).isFalse();
    assertThat(overridable(types, "http", "url")).isFalse();
    assertThat(overridable(types, "sleep", "duration")).isTrue();
  }

  private static boolean overridable(JsonNode types, String type, String parameter) {
    for (JsonNode t : types) {
      if (t.path("name").asText().equals(type)) {
        for (JsonNode p : t.path("parameters")) {
          if (p.path("name").asText().equals(parameter)) {
            return p.path("overridable").asBoolean(true);
          }
        }
      }
    }
    throw new AssertionError("no parameter " + type + "." + parameter + " in " + types);
  }
}
