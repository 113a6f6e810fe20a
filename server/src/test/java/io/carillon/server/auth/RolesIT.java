package io.carillon.server.auth;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.common.Role;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Endpoints;
import io.carillon.server.testing.Endpoints.Endpoint;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each role against each endpoint: allowed is neither 401 nor 403, denied is 403. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RolesIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(RolesIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  /** The least role for each endpoint: SPEC §9, written out once, independent of the code. */
  static final Map<String, Role> LEAST_ROLE =
      Map.ofEntries(
          entry("GET /v1/jobs", Role.VIEWER),
          entry("GET /v1/jobs/{group}/{name}", Role.VIEWER),
          entry("GET /v1/job-types", Role.VIEWER),
          entry("POST /v1/schedules/preview", Role.VIEWER),
          entry("POST /v1/jobs/{group}/{name}/pause", Role.OPERATOR),
          entry("POST /v1/jobs/{group}/{name}/resume", Role.OPERATOR),
          entry("POST /v1/jobs/{group}/{name}/run", Role.OPERATOR),
          entry("POST /v1/jobs/{group}/{name}/interrupt", Role.OPERATOR),
          entry("GET /v1/jobs/{group}/{name}/executions", Role.VIEWER),
          entry("GET /v1/executions", Role.VIEWER),
          entry("GET /v1/executions/{id}", Role.VIEWER),
          entry("GET /v1/executions/{id}/output", Role.VIEWER),
          entry("POST /v1/executions/{id}/rerun", Role.OPERATOR),
          entry("POST /v1/jobs/{group}/{name}/backfill", Role.OPERATOR),
          entry("GET /v1/jobs/{group}/{name}/backfills", Role.VIEWER),
          entry("GET /v1/backfills/{id}", Role.VIEWER),
          entry("POST /v1/backfills/{id}/cancel", Role.OPERATOR),
          entry("GET /v1/calendars", Role.VIEWER),
          entry("GET /v1/calendars/{name}", Role.VIEWER),
          entry("PUT /v1/calendars/{name}", Role.ADMIN),
          entry("DELETE /v1/calendars/{name}", Role.ADMIN),
          entry("POST /v1/groups/{group}/pause", Role.OPERATOR),
          entry("POST /v1/groups/{group}/resume", Role.OPERATOR),
          entry("POST /v1/jobs", Role.ADMIN),
          entry("PUT /v1/jobs/{group}/{name}", Role.ADMIN),
          entry("PATCH /v1/jobs/{group}/{name}", Role.ADMIN),
          entry("GET /v1/jobs/export", Role.VIEWER),
          entry("POST /v1/jobs/apply", Role.ADMIN),
          entry("DELETE /v1/jobs/{group}/{name}", Role.ADMIN),
          entry("POST /v1/scheduler/pause-all", Role.ADMIN),
          entry("POST /v1/scheduler/resume-all", Role.ADMIN),
          entry("GET /v1/keys", Role.ADMIN),
          entry("POST /v1/keys", Role.ADMIN),
          entry("DELETE /v1/keys/{id}", Role.ADMIN),
          entry("GET /v1/audit", Role.ADMIN),
          entry("GET /v1/scheduler", Role.VIEWER),
          entry("GET /v1/cluster", Role.VIEWER),
          entry("GET /v1/cluster/stuck-triggers", Role.VIEWER),
          entry("POST /v1/cluster/stuck-triggers/repair", Role.ADMIN),
          entry("GET /v1/me", Role.VIEWER));

  private static final Map<Role, ApiClient> AS = new EnumMap<>(Role.class);

  @BeforeAll
  static void oneKeyPerRole() {
    ApiClient admin = ApiApp.client(APP);
    ApiClient root = ApiApp.root(APP);
    AS.put(Role.ADMIN, root);
    for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
      Reply created =
          admin.post(
              "/keys",
              "{\"name\":\"" + role.wireName() + "\",\"role\":\"" + role.wireName() + "\"}");
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      AS.put(role, root.withKey(created.json().path("key").asText()));
    }
  }

  @AfterAll
  static void resumeTheScheduler() {
    AS.get(Role.ADMIN).post("/v1/scheduler/resume-all", null);
  }

  @Test
  void the_table_names_exactly_the_endpoints_jersey_serves() {
    List<String> served = Endpoints.carillon(APP).stream().map(Endpoint::toString).toList();
    assertThat(served).containsExactlyInAnyOrderElementsOf(LEAST_ROLE.keySet());
  }

  @TestFactory
  Stream<DynamicTest> each_role_against_each_endpoint() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint endpoint : Endpoints.carillon(APP)) {
      Role least = LEAST_ROLE.get(endpoint.toString());
      for (Role role : Role.values()) {
        boolean allowed = least != null && role.includes(least);
        tests.add(
            DynamicTest.dynamicTest(
                role.wireName() + (allowed ? " may " : " may not ") + endpoint,
                () -> {
                  Reply reply = AuthenticationIT.call(AS.get(role), endpoint);
                  if (allowed) {
                    assertThat(reply.status()).as(reply.text()).isNotIn(401, 403);
                  } else {
                    assertThat(reply.status()).as(reply.text()).isEqualTo(403);
                    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
                  }
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void each_key_learns_its_own_name_and_role_from_me() {
    for (Role role : Role.values()) {
      Reply me = AS.get(role).get("/v1/me");
      assertThat(me.status()).as(me.text()).isEqualTo(200);
      assertThat(me.json().path("role").asText()).isEqualTo(role.wireName());
      assertThat(me.json().path("name").asText())
          .isEqualTo(role == Role.ADMIN ? "admin" : role.wireName());
    }
  }

  @Test
  void every_resource_method_declares_its_role() throws Exception {
    for (Class<?> resource : io.carillon.server.resources.ApiDocument.RESOURCES) {
      for (var method : resource.getDeclaredMethods()) {
        boolean endpoint =
            Stream.of(method.getAnnotations())
                .anyMatch(
                    a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class));
        if (endpoint) {
          assertThat(Authorization.required(resource, method))
              .as("%s.%s has @Requires", resource.getSimpleName(), method.getName())
              .isNotNull();
        }
      }
    }
  }
}
