package io.carillon.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Key management for admins, and the audit log of every kind of change. */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeysAndAuditIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(KeysAndAuditIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient admin = ApiApp.client(APP);

  @Test
  void a_created_key_is_shown_once_listed_without_secrets_and_stored_only_hashed() {
    Reply created = admin.post("/keys", "{\"name\":\"ci-runner\",\"role\":\"operator\"}");

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String key = created.json().path("key").asText();
    assertThat(created.header("Location")).endsWith("/api/v1/keys/" + id);
    assertThat(created.json().path("role").asText()).isEqualTo("operator");

    JsonNode listed = find(admin.get("/keys").json(), id);
    assertThat(listed.has("key")).isFalse();
    assertThat(listed.path("name").asText()).isEqualTo("ci-runner");
    assertThat(listed.path("source").asText()).isEqualTo("api");
    assertThat(listed.path("lastUsedAt").isNull()).isTrue();
    assertThat(DB.strings("SELECT key_hash FROM carillon_api_key WHERE id = ?", id))
        .containsExactly(ApiKeys.hash(key));
    assertThat(DB.number("SELECT COUNT(*) FROM carillon_api_key WHERE key_hash = ?", key)).isZero();

    assertThat(admin.withKey(key).get("/jobs").status()).isEqualTo(200);
    assertThat(find(admin.get("/keys").json(), id).path("lastUsedAt").asText()).isNotBlank();
  }

  @Test
  void the_configured_admin_key_is_stored_hashed_with_source_config() {
    assertThat(
            DB.strings(
                "SELECT source FROM carillon_api_key WHERE key_hash = ?",
                ApiKeys.hash(ApiApp.ADMIN_KEY)))
        .containsExactly("config");
  }

  @Test
  void the_configured_admin_key_is_audited_as_made_by_the_configuration_file_without_its_secret() {
    String id =
        DB.strings(
                "SELECT id FROM carillon_api_key WHERE key_hash = ?",
                ApiKeys.hash(ApiApp.ADMIN_KEY))
            .get(0);

    JsonNode created = only("/audit?action=key.create&target=key:" + id);

    assertThat(created.path("actorId").asText()).isEqualTo("config");
    assertThat(created.path("actorName").asText()).isEqualTo("config.yml");
    assertThat(created.path("before").isNull()).isTrue();
    assertThat(created.path("after").path("source").asText()).isEqualTo("config");
    assertThat(created.path("after").path("role").asText()).isEqualTo("admin");
    assertThat(created.toString())
        .doesNotContain(ApiApp.ADMIN_KEY)
        .doesNotContain(ApiKeys.hash(ApiApp.ADMIN_KEY));
  }

  @Test
  void a_bad_key_request_names_the_field() {
    Reply noRole = admin.post("/keys", "{\"name\":\"x\",\"role\":\"superuser\"}");
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.text()).contains("\"role\"");
    Reply noName = admin.post("/keys", "{\"role\":\"viewer\"}");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.text()).contains("\"name\"");
  }

  @Test
  void revoking_an_unknown_key_is_404() {
    assertThat(admin.delete("/keys/0000000000000000").status()).isEqualTo(404);
  }

  @Test
  void every_kind_of_change_is_audited_with_who_what_and_before_after() {
    Reply made = admin.post("/keys", "{\"name\":\"auditor-op\",\"role\":\"operator\"}");
    String operatorId = made.json().path("id").asText();
    ApiClient operator = admin.withKey(made.json().path("key").asText());
    String job = "{\"group\":\"audited\",\"name\":\"nightly\",\"type\":\"noop\"}";

    assertThat(admin.post("/jobs", job).status()).isEqualTo(201);
    assertThat(
            admin
                .put("/jobs/audited/nightly", "{\"type\":\"noop\",\"description\":\"changed\"}")
                .status())
        .isEqualTo(200);
    assertThat(operator.post("/jobs/audited/nightly/pause", null).status()).isEqualTo(200);
    assertThat(operator.post("/jobs/audited/nightly/resume", null).status()).isEqualTo(200);
    assertThat(operator.post("/jobs/audited/nightly/run", "{}").status()).isEqualTo(202);
    assertThat(operator.post("/groups/audited/pause", null).status()).isEqualTo(200);
    assertThat(operator.post("/groups/audited/resume", null).status()).isEqualTo(200);
    assertThat(admin.post("/scheduler/pause-all", null).status()).isEqualTo(200);
    assertThat(admin.post("/scheduler/resume-all", null).status()).isEqualTo(200);
    // A running job cannot be deleted (409) without interrupting it: let the run end first.
    await("the run has ended")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution WHERE job_name = 'nightly'"
                            + " AND status = 'RUNNING'")
                    == 0);
    assertThat(admin.delete("/jobs/audited/nightly").status()).isEqualTo(204);
    Reply temp = admin.post("/keys", "{\"name\":\"temporary\",\"role\":\"viewer\"}");
    String tempId = temp.json().path("id").asText();
    assertThat(admin.delete("/keys/" + tempId).status()).isEqualTo(204);

    List<JsonNode> entries = all("/audit?limit=3");
    List<String> actions = new ArrayList<>();
    entries.forEach(e -> actions.add(e.path("action").asText() + " " + e.path("target").asText()));
    assertThat(actions)
        .containsSubsequence(
            "key.revoke key:" + tempId,
            "key.create key:" + tempId,
            "job.delete job:audited/nightly",
            "scheduler.resume-all scheduler",
            "scheduler.pause-all scheduler",
            "group.resume group:audited",
            "group.pause group:audited",
            "job.run job:audited/nightly",
            "job.resume job:audited/nightly",
            "job.pause job:audited/nightly",
            "job.replace job:audited/nightly",
            "job.create job:audited/nightly",
            "key.create key:" + operatorId);

    JsonNode replace = only("/audit?action=job.replace&target=job:audited/nightly");
    assertThat(replace.path("actorName").asText()).isEqualTo("admin");
    assertThat(
            replace.path("before").path("description").isMissingNode()
                || replace.path("before").path("description").isNull())
        .isTrue();
    assertThat(replace.path("after").path("description").asText()).isEqualTo("changed");
    assertThat(replace.path("at").asText()).endsWith("Z");

    JsonNode pause = only("/audit?action=job.pause");
    assertThat(pause.path("actorId").asText()).isEqualTo(operatorId);
    assertThat(pause.path("actorName").asText()).isEqualTo("auditor-op");
    assertThat(pause.path("before").path("state").asText()).isEqualTo("scheduled");
    assertThat(pause.path("after").path("state").asText()).isEqualTo("paused");

    JsonNode delete = only("/audit?action=job.delete");
    assertThat(delete.path("before").path("name").asText()).isEqualTo("nightly");
    assertThat(delete.path("after").isNull()).isTrue();

    JsonNode run = only("/audit?action=job.run");
    assertThat(run.path("after").path("executionId").asText()).isNotBlank();

    JsonNode revoke = only("/audit?action=key.revoke");
    assertThat(revoke.path("after").path("revokedAt").asText()).isNotBlank();
    assertThat(revoke.toString()).doesNotContain(temp.json().path("key").asText());

    assertThat(admin.get("/audit?since=2999-01-01T00:00:00Z").json().path("items")).isEmpty();
  }

  @Test
  void audit_filters_are_checked() {
    assertThat(admin.get("/audit?since=yesterday").text()).contains("\"since\"");
    assertThat(admin.get("/audit?limit=0").text()).contains("\"limit\"");
    assertThat(admin.get("/audit?cursor=%21%21").text()).contains("\"cursor\"");
  }

  /** Every page of an audit query, following nextCursor. */
  private List<JsonNode> all(String first) {
    List<JsonNode> entries = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    String path = first;
    while (path != null) {
      Reply page = admin.get(path);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.json().path("items").forEach(entries::add);
      page.json().path("items").forEach(e -> assertThat(ids.add(e.path("id").asLong())).isTrue());
      JsonNode next = page.json().path("nextCursor");
      path = next.isNull() || next.isMissingNode() ? null : first + "&cursor=" + next.asText();
    }
    return entries;
  }

  private JsonNode only(String path) {
    Reply reply = admin.get(path);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.json().path("items")).as(reply.text()).hasSize(1);
    return reply.json().path("items").get(0);
  }

  private static JsonNode find(JsonNode keys, String id) {
    for (JsonNode key : keys) {
      if (key.path("id").asText().equals(id)) {
        return key;
      }
    }
    throw new AssertionError("no key " + id + " in " + keys);
  }
}
